// Consumer script for the core+sync+http-client set: a ClientSession GET against a
// node:http server on 127.0.0.1 (port 0), JSON decoding, and raiseForStatus on a 404.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, type Coroutine } from '@aio/core';
import { ClientResponseError, ClientSession } from '@aio/http-client';

const server = createServer((req, res) => {
  if (req.url?.startsWith('/missing')) {
    res.statusCode = 404;
    res.end('no such page');
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

function* main(): Coroutine<{ status: number; body: unknown; missing: number | undefined }> {
  const session = new ClientSession({ baseUrl: `http://127.0.0.1:${port}` });
  try {
    const response = yield* session.get('/hello', { params: { q: 'aio' } });
    const status = response.status;
    const body = yield* response.json();
    let missing: number | undefined;
    try {
      yield* session.get('/missing', { raiseForStatus: true });
    } catch (error) {
      if (error instanceof ClientResponseError) missing = error.status;
      else throw error;
    }
    return { status, body, missing };
  } finally {
    yield* session.close();
  }
}

try {
  const out = await run(main);
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { method: 'GET', url: '/hello?q=aio' });
  assert.equal(out.missing, 404);
} finally {
  server.closeAllConnections();
  server.close();
}

console.log('http-client: ClientSession GET ok');
