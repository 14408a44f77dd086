/**
 * `AppKey<T>`: a typed key for application state (aiohttp's `web.AppKey`).
 */

/**
 * A typed key into an application's state: `app.set(dbKey, db)` then
 * `request.app.get(dbKey)` is typed `Db` with no cast.
 *
 * @example
 * ```ts
 * const dbKey = new AppKey<Db>('db');
 * app.set(dbKey, db);
 * app.get(dbKey);                  // Db
 * app.get(new AppKey<Db>('other')); // throws RangeError: no value for the key
 * ```
 */
export class AppKey<T> {
  /** The key's name (for messages). */
  readonly name: string;
  // Makes AppKey<A> and AppKey<B> distinct types; never read.
  // eslint-disable-next-line no-unused-private-class-members
  readonly #type: T | undefined = undefined;

  /** @param name a readable name */
  constructor(name: string) {
    this.name = name;
  }

  /** `<AppKey name>`. */
  toString(): string {
    return `<AppKey ${this.name}>`;
  }
}
