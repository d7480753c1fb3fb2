/**
 * The messages between a pool's manager and its workers. Each is one value
 * (the value codec), sent on `TO_WORKER` or `TO_MANAGER` of the pool's
 * communicator; the first element says what it is.
 *
 * Manager to worker: `[TASKS, tasks]` (a batch to run in order), `[INIT,
 * init]` (once, first), `[STOP]`. Worker to manager: `[RESULTS, results]`
 * (one per task of a batch, in order), `[DIED, code]` (the worker process
 * is exiting while it has tasks).
 *
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { WireError } from "./task_error.ts";

/**
 * The tags of the two directions (pools own their communicator). They
 * differ so that a root that is its own worker (a communicator of one)
 * never takes its own task for a result.
 */
export const TO_WORKER = 0x7f4, TO_MANAGER = 0x7f5;

/** Message kinds. */
export const TASKS = 1, INIT = 2, STOP = 3, RESULTS = 4, DIED = 5;

/**
 * One task: its id, the module URL, the export's name and the arguments.
 * `kind` says how `args` is read: `CALL` (the arguments of one call),
 * `MAP` (one argument per call: a `map` chunk) or `STARMAP` (one argument
 * list per call); chunks give a list of results.
 */
export type Task = [
  id: number,
  url: string,
  name: string,
  args: readonly unknown[],
  kind: TaskKind,
];

/** How a task's `args` is read. */
export const CALL = 0, MAP = 1, STARMAP = 2;
/** `CALL`, `MAP` or `STARMAP`. */
export type TaskKind = typeof CALL | typeof MAP | typeof STARMAP;

/** One task's outcome: `[id, true, value]` or `[id, false, error]`. */
export type Outcome = [id: number, ok: true, value: unknown] | [
  id: number,
  ok: false,
  error: WireError,
];

/** What a worker does before its first task. */
export interface Init {
  /** `[href, name, ...args]`: an export to call once. */
  readonly initializer?: readonly [string, string, ...unknown[]];
  /** Environment variables to set first. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A message to a worker. */
export type ToWorker =
  | [kind: typeof TASKS, tasks: Task[]]
  | [kind: typeof INIT, init: Init]
  | [kind: typeof STOP];

/** A message to the manager. */
export type ToManager =
  | [kind: typeof RESULTS, outcomes: Outcome[]]
  | [kind: typeof DIED, code: number];

/**
 * A module reference as workers import it: a URL string. Paths resolve
 * against the current directory.
 *
 * @example
 * ```ts
 * console.log(moduleHref("https://example.com/tasks.js")); // the same text
 * ```
 */
export function moduleHref(url: string | URL): string {
  if (url instanceof URL) return url.href;
  if (typeof url !== "string" || url === "") {
    throw new TypeError(
      `url must be a module URL or path (string or URL), got ${String(url)}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) {
    return new URL(url).href;
  }
  return pathToFileURL(resolve(url)).href;
}
