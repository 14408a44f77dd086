import { describe, expectTypeOf, it } from 'vitest';
import { Application, Response, get, runApp, type ParamsOf, type Request } from '../src/index.js';

describe('ParamsOf', () => {
  it('types matchInfo from the pattern', () => {
    expectTypeOf<ParamsOf<'/users/{id:\\d+}/{tail:.*}'>>().toEqualTypeOf<{
      id: string;
      tail: string;
    }>();
    expectTypeOf<keyof ParamsOf<'/'>>().toEqualTypeOf<never>();
  });

  it('types inline handlers', () => {
    get('/{uri}', (request) => {
      expectTypeOf(request.matchInfo.uri).toEqualTypeOf<string>();
      return new Response();
    });
  });
});

describe('the SPEC example', () => {
  it('compiles with the request annotated', () => {
    function* index(request: Request) {
      const uri = request.matchInfo.uri ?? '';
      return new Response({ text: `location /${uri}`, contentType: 'text/html' });
    }
    const app = new Application();
    app.addRoutes([get('/', index), get('/{uri}', index)]);
    expectTypeOf(runApp).returns.toEqualTypeOf<Promise<void>>();
  });
});
