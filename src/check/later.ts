/**
 * Work started now and awaited later, after other work: the check starts reading on both threads
 * at once and awaits each part when it needs it, in the order its failures are reported. Its
 * failure is kept (settled at once, so never an unhandled rejection) and thrown by `get`.
 */
export class Later<T> {
  readonly #settled: Promise<PromiseSettledResult<T>>;
  #result: PromiseSettledResult<T> | undefined;

  constructor(work: T | Promise<T>) {
    if (!(work instanceof Promise)) this.#result = { status: 'fulfilled', value: work };
    this.#settled = Promise.allSettled([work]).then(
      ([result]) => (this.#result = result as PromiseSettledResult<T>),
    );
  }

  /** The value, if it is already here. */
  now(): T | undefined {
    return this.#result?.status === 'fulfilled' ? this.#result.value : undefined;
  }

  /** The value, once it is here; throws the work's failure. */
  async get(): Promise<T> {
    const result = await this.#settled;
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }
}

export function later<T>(work: T | Promise<T>): Later<T> {
  return new Later(work);
}
