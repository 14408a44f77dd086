/**
 * The seed's aiohttp server: `/` and `/{uri}` answer `location /{uri}` as text/html.
 *
 * ```python
 * async def index(request):
 *     uri = request.match_info.get('uri', '')
 *     return web.Response(text='location /{}'.format(uri), content_type='text/html')
 * app = web.Application()
 * app.add_routes([web.get('/', index), web.get('/{uri}', index)])
 * ```
 */
import type { Coroutine } from '@aio/core';
import { Application, Response, get, type Request } from '@aio/http-server';

function* index(request: Request<{ uri?: string }>): Coroutine<Response> {
  const uri = request.matchInfo.uri ?? '';
  return new Response({ text: `location /${uri}`, contentType: 'text/html' });
}

/**
 * Creates the echo application: `GET /` answers `location /`, `GET /hello` answers
 * `location /hello`.
 *
 * @returns a fresh `Application` with the two routes
 *
 * @example
 * ```ts
 * runApp(createEchoApp()); // ======== Running on http://0.0.0.0:8080 ========
 * ```
 */
export function createEchoApp(): Application {
  const app = new Application();
  app.addRoutes([get('/', index), get('/{uri}', index)]);
  return app;
}
