/**
 * The manager side of a pool: a queue of tasks, the workers (ranks of a
 * communicator), and the promises of tasks that are out.
 *
 * Scheduling is guided self-scheduling: a worker gets a batch of
 * ceil(queued / (4 · workers)) tasks (at most `MAX_BATCH`), so thousands
 * of tiny tasks travel a few dozen per message while the last, large
 * tasks of a run still spread one at a time. Each worker holds up to
 * `DEPTH` batches, so the next one is already there when it finishes one.
 *
 * Results are received by one receive from any worker, awaited only while
 * tasks are out (backing off as they run long, `backoff.ts`): an idle
 * manager makes no MPI calls at all.
 *
 * @module
 */
import type { Comm } from "../comm/comm.ts";
import { ANY_SOURCE, ERR_OTHER } from "../core/constants.ts";
import { MPIError } from "../core/errors.ts";
import type { Request } from "../core/request.ts";
import { Status } from "../core/status.ts";
import {
  CALL,
  DIED,
  INIT,
  type Init,
  type Outcome,
  RESULTS,
  STOP,
  type Task,
  type TaskKind,
  TASKS,
  TO_MANAGER,
  TO_WORKER,
  type ToManager,
} from "./protocol.ts";
import { backoffValue } from "./backoff.ts";
import { errorFromWire } from "./task_error.ts";

/** Largest batch of tasks in one message. */
const MAX_BATCH = 64;
/** Batches a worker holds at once (one running, the next waiting). */
const DEPTH = 2;

/** A submitted task and its promise. */
interface Pending {
  readonly task: Task;
  /** Who submitted it (a pool sharing the workers with others). */
  readonly owner: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A batch sent to a worker and the send that carries it. */
interface Batch {
  readonly tasks: Pending[];
  readonly send: Request;
}

interface Worker {
  readonly rank: number;
  readonly batches: Batch[];
  dead: boolean;
}

/**
 * The error a task's promise rejects with when it was cancelled by
 * `shutdown({ cancelFutures: true })`.
 *
 * @example
 * ```ts
 * const e = new CancelledError();
 * console.log(e.name); // CancelledError
 * ```
 */
export class CancelledError extends Error {
  /** An error saying the task was cancelled before it started. */
  constructor(message = "the task was cancelled before it started") {
    super(message);
    this.name = "CancelledError";
  }
}

/**
 * Runs tasks on workers `ranks` of `comm` (the manager is another rank of
 * `comm`, or the parent side of an intercommunicator).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const world = mpi.COMM_WORLD;
 * if (world.size > 1 && world.rank === 0) {
 *   const m = new Manager(world, [1]);
 *   console.log(await m.submit("file:///tasks.js", "square", [3]));
 * }
 * ```
 */
export class Manager {
  readonly #comm: Comm;
  readonly #workers: Worker[];
  readonly #byRank = new Map<number, Worker>();
  /** Tasks not yet sent, oldest at `#head`. */
  #queue: Pending[] = [];
  #head = 0;
  #out = new Map<number, Pending>();
  #batchesOut = 0;
  #nextId = 1;
  /**
   * The mean time between results while batches are out (ms, moving
   * average), and when the last came (-1: none since work resumed).
   */
  #gap = 0;
  #lastAt = -1;
  /** The worker the next dispatch tries first. */
  #turn = 0;
  #looping = false;
  #status = new Status();
  #idle: (() => void)[] = [];
  #stopped = false;
  /** The sends of `INIT`, completed at `stop` (a worker takes it first). */
  #initSends: Request[] = [];

  /** Starts managing `ranks` of `comm`; sends `init` to each first. */
  constructor(comm: Comm, ranks: readonly number[], init?: Init) {
    this.#comm = comm;
    this.#workers = ranks.map((rank) => ({ rank, batches: [], dead: false }));
    for (const w of this.#workers) this.#byRank.set(w.rank, w);
    if (init && (init.initializer || init.env)) {
      for (const w of this.#workers) {
        this.#initSends.push(comm.isend([INIT, init], w.rank, TO_WORKER));
      }
    }
  }

  /** Workers still alive. */
  get liveWorkers(): number {
    let n = 0;
    for (const w of this.#workers) if (!w.dead) n++;
    return n;
  }

  /** Tasks submitted and not yet settled. */
  get pending(): number {
    return this.#queue.length - this.#head + this.#out.size;
  }

  /** Queues one task; its promise settles with the task's outcome. */
  submit(
    href: string,
    name: string,
    args: readonly unknown[],
    kind: TaskKind = CALL,
    owner?: unknown,
  ): Promise<unknown> {
    if (this.#stopped) {
      return Promise.reject(new Error("the pool's workers have stopped"));
    }
    if (this.liveWorkers === 0) return Promise.reject(noWorkers());
    return new Promise((resolve, reject) => {
      this.#queue.push({
        task: [this.#nextId++, href, name, args, kind],
        owner,
        resolve,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Rejects the tasks of `owner` not yet sent to a worker; gives how many. */
  cancelQueued(owner?: unknown): number {
    const kept: Pending[] = [], cancelled: Pending[] = [];
    for (const p of this.#takeQueue(this.#queue.length - this.#head)) {
      (p.owner === owner ? cancelled : kept).push(p);
    }
    this.#queue.push(...kept);
    for (const p of cancelled) p.reject(new CancelledError());
    this.#checkIdle();
    return cancelled.length;
  }

  /** Resolves once no task is queued or out. */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Tells every live worker to stop (after its queued batches); resolves
   * once they have the message. Call once nothing is pending. Sends never
   * block here: the worker may be this process (a communicator of one).
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const sends = this.#initSends.splice(0);
    for (const w of this.#workers) {
      if (!w.dead) sends.push(this.#comm.isend([STOP], w.rank, TO_WORKER));
    }
    for (const r of sends) await backoffValue(r);
  }

  #takeQueue(n: number): Pending[] {
    const taken = this.#queue.slice(this.#head, this.#head + n);
    this.#head += n;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return taken;
  }

  /**
   * Sends batches to workers with room, one depth level at a time, going
   * round the workers from where the last dispatch stopped.
   */
  #dispatch(): void {
    const live = this.liveWorkers, count = this.#workers.length;
    for (let depth = 0; depth < DEPTH; depth++) {
      for (let k = 0; k < count; k++) {
        const queued = this.#queue.length - this.#head;
        if (queued === 0) break;
        const i = (this.#turn + k) % count, w = this.#workers[i];
        if (w.dead || w.batches.length > depth) continue;
        const n = Math.min(MAX_BATCH, Math.ceil(queued / (4 * live)));
        const tasks = this.#takeQueue(n);
        for (const p of tasks) this.#out.set(p.task[0], p);
        const send = this.#comm.isend(
          [TASKS, tasks.map((p) => p.task)],
          w.rank,
          TO_WORKER,
        );
        w.batches.push({ tasks, send });
        this.#batchesOut++;
        this.#turn = (i + 1) % count;
      }
    }
    if (this.#batchesOut > 0 && !this.#looping) void this.#receive();
  }

  /** Receives outcomes while batches are out. */
  async #receive(): Promise<void> {
    this.#looping = true;
    try {
      while (this.#batchesOut > 0) {
        const msg = await backoffValue(
          this.#comm.irecv(ANY_SOURCE, TO_MANAGER),
          this.#status,
          this.#pipelineFull() ? this.#gap : 0,
        ) as ToManager;
        const t = performance.now();
        if (this.#lastAt >= 0) {
          this.#gap = 0.75 * this.#gap + 0.25 * (t - this.#lastAt);
        }
        this.#lastAt = t;
        const w = this.#byRank.get(this.#status.source);
        if (!w) continue;
        if (msg[0] === RESULTS) this.#settle(w, msg[1]);
        else if (msg[0] === DIED) this.#bury(w);
        this.#dispatch();
      }
    } catch (error) {
      this.#failAll(error);
    } finally {
      this.#looping = false;
      // An idle spell is not a gap between results.
      this.#lastAt = -1;
      this.#gap = 0;
      this.#checkIdle();
    }
  }

  /**
   * Whether every live worker holds all the batches it may: then results
   * come at the workers' pace, and a manager that sleeps for part of the
   * gap between them starves no one.
   */
  #pipelineFull(): boolean {
    for (const w of this.#workers) {
      if (!w.dead && w.batches.length < DEPTH) return false;
    }
    return true;
  }

  #settle(w: Worker, outcomes: Outcome[]): void {
    const batch = w.batches.shift();
    if (!batch) return;
    this.#batchesOut--;
    batch.send.Wait(); // received already: the results came back
    for (const o of outcomes) {
      const p = this.#out.get(o[0]);
      if (!p) continue;
      this.#out.delete(o[0]);
      if (o[1]) p.resolve(o[2]);
      else p.reject(errorFromWire(o[2]));
    }
  }

  /** A worker died: its running batch fails, its waiting batches go back to the queue. */
  #bury(w: Worker): void {
    w.dead = true;
    const [running, ...waiting] = w.batches.splice(0);
    this.#batchesOut -= 1 + waiting.length;
    const died = new MPIError(
      ERR_OTHER,
      "futures",
      `worker ${w.rank} exited while running this task or an earlier one of its batch`,
    );
    for (const b of [running, ...waiting]) b.send.Free();
    for (const p of running.tasks) {
      this.#out.delete(p.task[0]);
      p.reject(died);
    }
    const back = waiting.flatMap((b) => b.tasks);
    for (const p of back) this.#out.delete(p.task[0]);
    this.#queue.splice(this.#head, 0, ...back);
    if (this.liveWorkers === 0) {
      for (const p of this.#takeQueue(this.#queue.length - this.#head)) {
        p.reject(noWorkers());
      }
    }
  }

  #failAll(error: unknown): void {
    for (const w of this.#workers) {
      for (const b of w.batches.splice(0)) b.send.Free();
    }
    this.#batchesOut = 0;
    for (const p of this.#out.values()) p.reject(error);
    this.#out.clear();
    for (const p of this.#takeQueue(this.#queue.length - this.#head)) {
      p.reject(error);
    }
  }

  #checkIdle(): void {
    if (this.pending > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

function noWorkers(): MPIError {
  return new MPIError(
    ERR_OTHER,
    "futures",
    "no worker of the pool is alive (every worker exited)",
  );
}
