/**
 * What every pool offers (`PoolExecutor`, `CommExecutor`): submit a task,
 * call a module's exports remotely, map over many inputs, shut down.
 *
 * @module
 */
// A pool program may import only the pools: MPI starts as with mod.ts.
import "../core/startup.ts";
import { type Manager } from "./manager.ts";
import { CALL, MAP, moduleHref, STARMAP, type TaskKind } from "./protocol.ts";

/** A module's exported functions, each returning a promise of its result. */
export type Remote<T> = {
  readonly [
    K in keyof T as T[K] extends (...args: never[]) => unknown ? K
      : never
  ]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** Options of `map` and `starmap`. */
export interface MapOptions {
  /** Inputs per task (default 1): larger chunks cost fewer messages. */
  readonly chunksize?: number;
  /** Yield results as they complete instead of in input order. */
  readonly unordered?: boolean;
}

/** Options of `shutdown`. */
export interface ShutdownOptions {
  /** Wait until every task has settled and the workers stopped (default `true`). */
  readonly wait?: boolean;
  /** Reject tasks that have not started with `CancelledError` (default `false`). */
  readonly cancelFutures?: boolean;
}

function positiveInt(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(
      `${name} must be an integer >= 1, got ${String(value)}`,
    );
  }
  return value as number;
}

function taskName(name: unknown): string {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      `name must be the name of an exported function, got ${String(name)}`,
    );
  }
  return name;
}

/**
 * A pool of workers that run exported functions of modules. Subclasses say
 * where the workers come from; everything else is here.
 */
export abstract class Executor {
  #shutdown: Promise<void> | undefined;
  /** This pool's tasks not yet settled (its manager may serve others too). */
  #pending = 0;
  #drained: (() => void)[] = [];

  /**
   * The manager, started on first use.
   *
   * @ignore
   */
  protected abstract manager(): Manager;

  /**
   * Stops the workers once every task has settled (called once).
   *
   * @ignore
   */
  protected abstract release(
    manager: Manager | undefined,
  ): void | Promise<void>;

  /**
   * The manager if it has started (no worker is started to answer this).
   *
   * @ignore
   */
  protected abstract started(): Manager | undefined;

  /** Number of workers that run this pool's tasks. */
  abstract get numWorkers(): number;

  #live(): Manager {
    if (this.#shutdown) {
      throw new Error("cannot submit tasks after shutdown()");
    }
    return this.manager();
  }

  /** Submits through `manager`, counting the task as this pool's. */
  #submit(
    manager: Manager,
    href: string,
    name: string,
    args: readonly unknown[],
    kind: TaskKind = CALL,
  ): Promise<unknown> {
    this.#pending++;
    const settled = () => {
      if (--this.#pending === 0) {
        for (const resolve of this.#drained.splice(0)) resolve();
      }
    };
    const p = manager.submit(href, name, args, kind, this);
    p.then(settled, settled);
    return p;
  }

  #whenDrained(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /**
   * Runs export `name` of module `url` on a worker with `args`; resolves to
   * its result (awaited there if it is a promise) or rejects with the
   * `Error` it threw (name, message, stack and `cause` kept).
   *
   * @example
   * ```ts
   * import { PoolExecutor } from "@mpi4ts/mpi/futures";
   * await using pool = new PoolExecutor({ maxWorkers: 1 });
   * console.log(await pool.submit(new URL("./tasks.ts", import.meta.url), "square", 7));
   * ```
   */
  submit(
    url: string | URL,
    name: string,
    ...args: unknown[]
  ): Promise<unknown> {
    try {
      const href = moduleHref(url);
      return this.#submit(this.#live(), href, taskName(name), args);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The exports of module `url` as functions that run on workers: each
   * call is a `submit`. Type it with the module's own type.
   *
   * @example
   * ```ts
   * import { PoolExecutor } from "@mpi4ts/mpi/futures";
   * await using pool = new PoolExecutor();
   * const tasks = pool.module<{ square(x: number): number }>(new URL("./tasks.ts", import.meta.url));
   * const y: number = await tasks.square(7);
   * ```
   */
  module<T>(url: string | URL): Remote<T> {
    const href = moduleHref(url);
    const cache = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({}, {
      get: (_target, key) => {
        if (typeof key !== "string" || key === "then") return undefined;
        let fn = cache.get(key);
        if (!fn) {
          fn = (...args: unknown[]) => this.submit(href, key, ...args);
          cache.set(key, fn);
        }
        return fn;
      },
    }) as Remote<T>;
  }

  /**
   * Runs export `name` of `url` on every input of `inputs` (one argument
   * each); yields the results in input order, or as they complete with
   * `unordered`. `chunksize` inputs travel and run as one task. The first
   * failed task's error is thrown where its result would be yielded.
   *
   * @example
   * ```ts
   * import { PoolExecutor } from "@mpi4ts/mpi/futures";
   * await using pool = new PoolExecutor();
   * const url = new URL("./tasks.ts", import.meta.url);
   * for await (const y of pool.map(url, "square", [1, 2, 3], { chunksize: 2 })) console.log(y);
   * ```
   */
  map(
    url: string | URL,
    name: string,
    inputs: Iterable<unknown> | AsyncIterable<unknown>,
    options: MapOptions = {},
  ): AsyncIterable<unknown> {
    return this.#map(url, name, inputs, options, false);
  }

  /**
   * `map` where each input is the argument list of one call.
   *
   * @example
   * ```ts
   * import { PoolExecutor } from "@mpi4ts/mpi/futures";
   * await using pool = new PoolExecutor();
   * const url = new URL("./tasks.ts", import.meta.url);
   * for await (const s of pool.starmap(url, "add", [[1, 2], [3, 4]])) console.log(s);
   * ```
   */
  starmap(
    url: string | URL,
    name: string,
    inputs: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
    options: MapOptions = {},
  ): AsyncIterable<unknown> {
    return this.#map(url, name, inputs, options, true);
  }

  async *#map(
    url: string | URL,
    name: string,
    inputs: Iterable<unknown> | AsyncIterable<unknown>,
    options: MapOptions,
    spread: boolean,
  ): AsyncGenerator<unknown> {
    const href = moduleHref(url);
    taskName(name);
    const chunksize = positiveInt(options.chunksize ?? 1, "chunksize");
    if (!isIterable(inputs) && !isAsyncIterable(inputs)) {
      throw new TypeError(`inputs must be iterable, got ${String(inputs)}`);
    }
    const manager = this.#live();
    const promises: Promise<unknown[]>[] = [];
    let chunk: unknown[] = [];
    const flush = () => {
      const args = chunk;
      chunk = [];
      const p = chunksize === 1
        ? this.#submit(
          manager,
          href,
          name,
          spread ? args[0] as unknown[] : args,
        ).then((v) => [v])
        : this.#submit(
          manager,
          href,
          name,
          args,
          spread ? STARMAP : MAP,
        ) as Promise<unknown[]>;
      p.catch(() => {}); // thrown where the iteration reaches it
      promises.push(p);
    };
    for await (const input of inputs) {
      if (spread && !isIterable(input)) {
        throw new TypeError(
          `starmap: each input must be an argument list, got ${String(input)}`,
        );
      }
      chunk.push(spread ? [...(input as Iterable<unknown>)] : input);
      if (chunk.length === chunksize) flush();
    }
    if (chunk.length > 0) flush();
    if (!options.unordered) {
      for (const p of promises) yield* await p;
      return;
    }
    yield* inCompletionOrder(promises);
  }

  /**
   * Stops the pool: no new tasks; with `cancelFutures`, tasks that have
   * not started reject with `CancelledError`; the workers stop once the
   * rest have settled. With `wait` (the default) resolves after that,
   * else at once. Calling it again gives the same promise.
   *
   * @example
   * ```ts
   * import { PoolExecutor } from "@mpi4ts/mpi/futures";
   * const pool = new PoolExecutor();
   * await pool.shutdown({ cancelFutures: true });
   * ```
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    if (!this.#shutdown) {
      const m = this.started();
      if (cancelFutures) m?.cancelQueued(this);
      this.#shutdown = this.#whenDrained().then(() => this.release(m));
      this.#shutdown.catch(() => {}); // reported to whoever waits on it
    }
    return wait ? this.#shutdown : Promise.resolve();
  }

  /** `shutdown()`: `await using pool = ...` stops the pool at the block's end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }
}

/** The values of `promises` (lists) as each settles; the first rejection throws. */
async function* inCompletionOrder(
  promises: readonly Promise<unknown[]>[],
): AsyncGenerator<unknown> {
  const settled: [ok: boolean, v: unknown][] = [];
  let head = 0, wake: (() => void) | undefined;
  for (const p of promises) {
    p.then((v) => settled.push([true, v]), (e) => settled.push([false, e]))
      .then(() => wake?.());
  }
  for (let left = promises.length; left > 0; left--) {
    if (head === settled.length) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const [ok, v] = settled[head++];
    if (!ok) throw v;
    yield* v as unknown[];
  }
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v !== null && v !== undefined &&
    typeof (v as Iterable<unknown>)[Symbol.iterator] === "function";
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v !== null && v !== undefined &&
    typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}
