// Consumer script for the core+sync+http-server set: an Application served by AppRunner +
// TCPSite on 127.0.0.1 port 0, answering a GET (and a 404) from fetch.
import assert from 'node:assert/strict';
import { call, run, type Coroutine } from '@aio/core';
import { AppRunner, Application, Response, TCPSite, get, jsonResponse } from '@aio/http-server';

const app = new Application();
app.addRoutes([
  get('/', function* index() {
    return new Response({ text: 'hello from aio', contentType: 'text/plain' });
  }),
  get('/greet/{name}', function* greet(request) {
    return jsonResponse({ hello: request.matchInfo.name });
  }),
]);

interface Fetched {
  status: number;
  body: string;
}

function* fetchText(url: string): Coroutine<Fetched> {
  return yield* call(async (signal) => {
    const response = await fetch(url, { signal });
    return { status: response.status, body: await response.text() };
  });
}

function* main(): Coroutine<Fetched[]> {
  const runner = new AppRunner(app);
  yield* runner.setup();
  const site = new TCPSite(runner, '127.0.0.1', 0);
  yield* site.start();
  try {
    const base = `http://127.0.0.1:${site.port}`;
    return [
      yield* fetchText(`${base}/`),
      yield* fetchText(`${base}/greet/world`),
      yield* fetchText(`${base}/nowhere`),
    ];
  } finally {
    yield* runner.cleanup();
  }
}

const [index, greet, missing] = await run(main);
assert.deepEqual(index, { status: 200, body: 'hello from aio' });
assert.equal(greet?.status, 200);
assert.deepEqual(JSON.parse(greet?.body ?? ''), { hello: 'world' });
assert.equal(missing?.status, 404);

console.log('http-server: AppRunner + TCPSite GET ok');
