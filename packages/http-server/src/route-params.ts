/**
 * Type-level parsing of route patterns: `ParamsOf<'/users/{id:\\d+}/{tail:.*}'>` is
 * `{ id: string; tail: string }`, so `request.matchInfo` is typed from the pattern string.
 */

type ParamName<Inner extends string> = Inner extends `${infer Name}:${string}` ? Name : Inner;

type Collect<Path extends string> = Path extends `${string}{${infer Inner}}${infer Rest}`
  ? ParamName<Inner> | Collect<Rest>
  : never;

/**
 * The parameters of a route pattern, as an object type with one string per `{name}`.
 *
 * @example
 * ```ts
 * type P = ParamsOf<'/{uri}'>; // { uri: string }
 * ```
 */
export type ParamsOf<Path extends string> = string extends Path
  ? Record<string, string | undefined>
  : { [K in Collect<Path>]: string };
