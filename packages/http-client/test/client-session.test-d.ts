import { describe, expectTypeOf, it } from 'vitest';
import type { Operation } from '@aio/core';
import type { ClientResponse, ClientSession } from '../src/index.js';

describe('ClientSession types', () => {
  it('evaluates a request to a ClientResponse', () => {
    expectTypeOf<ClientSession['get']>().returns.toEqualTypeOf<Operation<ClientResponse>>();
  });

  it('evaluates text() to a string and json() to unknown', () => {
    expectTypeOf<ClientResponse['text']>().returns.toEqualTypeOf<Operation<string>>();
    expectTypeOf<ClientResponse['json']>().returns.toEqualTypeOf<Operation<unknown>>();
  });

  it('is Disposable', () => {
    expectTypeOf<ClientSession>().toMatchTypeOf<Disposable>();
    expectTypeOf<ClientResponse>().toMatchTypeOf<Disposable>();
  });
});
