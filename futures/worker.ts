/**
 * A worker: receives batches of tasks from the manager, runs them one at a
 * time in order (awaiting async ones), and sends back one outcome per task.
 * Task modules are imported once and kept. An idle worker backs off
 * (`backoff.ts`) instead of spinning.
 *
 * @module
 */
import { backend } from "../ffi/lib.ts";
import type { Comm } from "../comm/comm.ts";
import {
  CALL,
  DIED,
  INIT,
  type Init,
  MAP,
  type Outcome,
  RESULTS,
  STOP,
  type Task,
  TASKS,
  TO_MANAGER,
  TO_WORKER,
  type ToWorker,
} from "./protocol.ts";
import { backoffValue } from "./backoff.ts";
import { toWireError } from "./task_error.ts";

type TaskFn = (...args: unknown[]) => unknown;

/** Imports task modules and finds their exports. */
class Runner {
  readonly #fns = new Map<string, TaskFn>();
  readonly #modules = new Map<string, Promise<Record<string, unknown>>>();
  /** Set when the pool's initializer failed here: every task fails with it. */
  #broken: Error | undefined;

  async init(init: Init): Promise<void> {
    if (init.env) {
      for (const [k, v] of Object.entries(init.env)) {
        setEnv(k, v);
      }
    }
    if (!init.initializer) return;
    const [href, name, ...args] = init.initializer;
    try {
      await (await this.#lookup(href, name))(...args);
    } catch (error) {
      this.#broken = new Error(
        `the pool's initializer ${name} from ${href} failed on this worker`,
        { cause: error },
      );
    }
  }

  /** The task function; synchronous once its module is loaded. */
  #lookup(href: string, name: string): TaskFn | Promise<TaskFn> {
    const fn = this.#fns.get(`${name}\0${href}`);
    return fn ?? this.#load(href, name);
  }

  async #load(href: string, name: string): Promise<TaskFn> {
    let module = this.#modules.get(href);
    if (!module) {
      module = import(href).catch((error) => {
        this.#modules.delete(href);
        throw new Error(
          `cannot import the task module ${href}: ${
            (error as Error)?.message ?? error
          }`,
          { cause: error },
        );
      });
      this.#modules.set(href, module);
    }
    const fn = (await module)[name];
    if (typeof fn !== "function") {
      throw new TypeError(
        `the task module ${href} has no exported function '${name}' (${typeof fn})`,
      );
    }
    this.#fns.set(`${name}\0${href}`, fn as TaskFn);
    return fn as TaskFn;
  }

  async run(task: Task): Promise<Outcome> {
    const [id, href, name, args, kind] = task;
    try {
      if (this.#broken) throw this.#broken;
      let fn = this.#lookup(href, name);
      if (fn instanceof Promise) fn = await fn;
      let value: unknown;
      if (kind !== CALL) {
        // Flat inputs for map: no array per call on either side.
        const out: unknown[] = new Array(args.length);
        for (let i = 0; i < args.length; i++) {
          const v = kind === MAP ? fn(args[i]) : fn(...args[i] as unknown[]);
          out[i] = isThenable(v) ? await v : v;
        }
        value = out;
      } else {
        value = fn(...args);
        if (isThenable(value)) value = await value;
      }
      return [id, true, value];
    } catch (error) {
      return [id, false, toWireError(error)];
    }
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") &&
    typeof (v as PromiseLike<unknown>).then === "function";
}

function setEnv(name: string, value: string): void {
  const g = globalThis as {
    Deno?: { env: { set(k: string, v: string): void } };
    process?: { env: Record<string, string> };
  };
  if (g.Deno) g.Deno.env.set(name, value);
  else if (g.process) g.process.env[name] = value;
}

/**
 * Sends the outcomes of a batch without blocking (the manager may be this
 * very process, when a pool's only worker is its root). A value the codec cannot carry (a
 * function, a symbol) turns its own task's outcome into an error instead
 * of failing the whole batch.
 */
async function reply(
  comm: Comm,
  manager: number,
  outcomes: Outcome[],
): Promise<void> {
  try {
    await comm.isend([RESULTS, outcomes], manager, TO_MANAGER).waitAsync();
    return;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  const safe = outcomes.map((o): Outcome => {
    if (!o[1]) return o;
    try {
      structuredClone(o[2]);
      return o;
    } catch (error) {
      return [
        o[0],
        false,
        toWireError(
          new TypeError(
            `the task's result cannot be sent back: ${
              (error as Error).message
            }`,
          ),
        ),
      ];
    }
  });
  await comm.isend([RESULTS, safe], manager, TO_MANAGER).waitAsync();
}

/**
 * Serves tasks from rank `manager` of `comm` until it sends `STOP`. If
 * this process exits while running a batch (a task called the runtime's
 * exit), the manager is told first, so the pool rejects those tasks
 * instead of waiting for them; `onDeath` then runs (a spawned worker
 * disconnects from its parent there).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const parent = mpi.Comm.Get_parent();
 * if (parent !== mpi.COMM_NULL) {
 *   await serve(parent, 0);
 *   parent.Disconnect();
 * }
 * ```
 */
export async function serve(
  comm: Comm,
  manager: number,
  onDeath?: () => void,
): Promise<void> {
  const runner = new Runner();
  const me: Busy = { comm, manager, onDeath };
  watchExit();
  try {
    for (;;) {
      const msg = await backoffValue(
        comm.irecv(manager, TO_WORKER),
      ) as ToWorker;
      switch (msg[0]) {
        case STOP:
          return;
        case INIT:
          await runner.init(msg[1]);
          break;
        case TASKS: {
          busy.add(me);
          const tasks = msg[1], outcomes: Outcome[] = new Array(tasks.length);
          for (let i = 0; i < tasks.length; i++) {
            outcomes[i] = await runner.run(tasks[i]);
          }
          busy.delete(me);
          await reply(comm, manager, outcomes);
          break;
        }
        default:
          throw new TypeError(`unknown pool message ${String(msg[0])}`);
      }
    }
  } finally {
    busy.delete(me);
  }
}

/** A worker loop in the middle of a batch. */
interface Busy {
  readonly comm: Comm;
  readonly manager: number;
  readonly onDeath?: () => void;
}

const busy = new Set<Busy>();
let watching = false;

/**
 * Registers, once per process, the exit hook that tells the managers of
 * busy worker loops that this process is going; it runs before the
 * library's own exit hook (which finalizes MPI).
 */
function watchExit(): void {
  if (watching) return;
  watching = true;
  backend.onExit(() => {
    for (const b of busy) {
      try {
        b.comm.send([DIED, 0], b.manager, TO_MANAGER);
        b.onDeath?.();
      } catch {
        // The manager is gone too; nothing is waiting.
      }
    }
    busy.clear();
  }, true);
}
