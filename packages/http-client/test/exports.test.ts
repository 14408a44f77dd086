import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('exports', () => {
  it('pins the sorted runtime export names', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ClientClosedError",
        "ClientConnectionError",
        "ClientConnectorError",
        "ClientCookieJar",
        "ClientError",
        "ClientPayloadError",
        "ClientResponse",
        "ClientResponseError",
        "ClientSession",
        "ConnectionTimeoutError",
        "ContentTypeError",
        "DEFAULT_TIMEOUT",
        "InvalidRequestError",
        "InvalidURL",
        "InvalidUrlRedirectError",
        "NonHttpUrlRedirectError",
        "PayloadTooLargeError",
        "ServerDisconnectedError",
        "ServerTimeoutError",
        "SocketTimeoutError",
        "StreamReader",
        "TooManyRedirects",
      ]
    `);
  });
});
