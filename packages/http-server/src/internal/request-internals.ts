/**
 * Package-private access to a Request's hidden state (its transport, its loop, the
 * response-prepare hooks). The slots are filled by `Request`'s static block, so nothing
 * outside the package can reach them and no public type grows an underscore member.
 */
import type { Coroutine, EventLoop } from '@aio/core';
import type { Application } from '../application.js';
import type { MatchInfo, Request } from '../request.js';
import type { StreamResponse } from '../response.js';
import type { Transport } from './transport.js';
import { awaitResult } from './await-result.js';

export const requestInternals: {
  transport: (request: Request) => Transport;
  prepareHooks: (
    request: Request,
  ) => readonly ((request: Request, response: StreamResponse) => unknown)[];
  attach: (request: Request, app: Application, matchInfo: MatchInfo, clientMaxSize: number) => void;
  bindLoop: (request: Request, loop: EventLoop) => void;
  release: (request: Request) => Promise<void> | undefined;
} = {
  transport: () => {
    throw new Error('request internals not initialised');
  },
  prepareHooks: () => [],
  attach: notReady,
  bindLoop: notReady,
  release: notReady,
};

function notReady(): never {
  throw new Error('request internals not initialised');
}

/** The transport a request's response goes to. */
export function transportOf(request: Request): Transport {
  return requestInternals.transport(request);
}

/** Runs the application's `onResponsePrepare` hooks for `response`. */
export function* runResponsePrepare(request: Request, response: StreamResponse): Coroutine<void> {
  const hooks = requestInternals.prepareHooks(request);
  for (let i = 0; i < hooks.length; i++) {
    yield* awaitResult((hooks[i] as (r: Request, s: StreamResponse) => unknown)(request, response));
  }
}
