import { afterEach, describe, expect, it } from 'vitest';
import { gather, run } from '@aio/core';
import { ClientSession } from '../src/index.js';
import { hello, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let session: ClientSession | undefined;

afterEach(async () => {
  session?.[Symbol.dispose]();
  session = undefined;
  await server?.close();
  server = undefined;
});

describe('ClientSession', () => {
  it('runs the seed example: three concurrent GETs, each with status and text', async () => {
    server = await startServer(hello);
    const url = server.url;
    const lines: unknown[] = [];
    function* test(s: ClientSession) {
      using response = yield* s.get(url);
      lines.push(response.status);
      lines.push(yield* response.text());
    }
    await run(function* main() {
      const s = new ClientSession();
      session = s;
      try {
        const result = yield* gather(test(s), test(s), test(s));
        lines.push(result);
      } finally {
        yield* s.close();
      }
    });
    expect(lines).toEqual([
      200,
      '<html>hello</html>\n',
      200,
      '<html>hello</html>\n',
      200,
      '<html>hello</html>\n',
      [undefined, undefined, undefined],
    ]);
  });
});
