/**
 * Waiting for a pool message without spinning a core. A pool's waits are
 * either short (the next batch or result is microseconds away while work
 * flows) or long (an idle worker; a manager whose tasks run for minutes).
 * So a wait is tested in a spin of `rc.spinUs`, then on event-loop turns
 * for 5 ms, then every millisecond until it is a quarter second old, then
 * after
 * sleeps that double up to `MPI4TS_FUTURES_BACKOFF` ms (default 16): an
 * idle process makes about 60 tests a second, and a message after a long
 * idle is noticed within that bound — as `MPI4PY_FUTURES_BACKOFF` trades
 * the same two.
 *
 * The phases are tuned together: both ends of a pool wait on each other,
 * and if each noticed the other's message only after a sleep, every
 * exchange would leave both waits old, and a busy pool would stay in step
 * at the sleeping rate (measured: 56 ms per task with doubling sleeps
 * right after a 2 ms turn phase, 6 ms with 1 ms ticks after it). With
 * 1 ms ticks for a quarter second and turns that outlast a tick's real
 * delay, a peer that noticed a message late answers while this end still
 * turns, so the next exchange is fast again; and the turns stay short
 * enough not to take the core from workers that share it.
 *
 * @module
 */
import { rc } from "../rc.ts";
import type { Request } from "../core/request.ts";
import type { Status } from "../core/status.ts";
import { backend } from "../ffi/lib.ts";
import { envVar } from "../ffi/process.ts";

function maxBackoff(): number {
  const text = envVar("MPI4TS_FUTURES_BACKOFF");
  if (text === undefined || text === "") return 16;
  const ms = Number(text);
  if (!(ms >= 1) || !Number.isFinite(ms)) {
    throw new RangeError(
      `MPI4TS_FUTURES_BACKOFF must be a number of milliseconds >= 1, got '${text}'`,
    );
  }
  return ms;
}

/** The longest sleep between two tests of an idle wait, ms. */
export const MAX_BACKOFF_MS: number = maxBackoff();

/**
 * How long a wait is polled on every turn, ms: longer than a timer tick
 * takes to fire on a busy machine, so an answer to a message that a
 * ticking peer noticed late is still caught at once (see above).
 */
const TURNS_MS = 5;
/** How long it is then polled every millisecond before backing off, ms. */
const TICKS_MS = 250;

const turn = (): Promise<void> =>
  new Promise((resolve) => (backend.immediate ?? setTimeout)(resolve));
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The value of value request `req` once it completes (filling `status`),
 * tested with a spin, event-loop turns, then a doubling backoff. A caller
 * that expects the message no sooner than `expectMs` from now (a manager
 * whose workers hold queued batches) sleeps half of that first instead of
 * turning, leaving the core to workers that share it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * mpi.COMM_SELF.send("hi", 0, 5);
 * console.log(await backoffValue(mpi.COMM_SELF.irecv(0, 5))); // hi
 * ```
 */
export async function backoffValue(
  req: Request,
  status?: Status,
  expectMs = 0,
): Promise<unknown> {
  if (expectMs >= 2 && !req.Get_status()) await sleep(expectMs / 2);
  const start = performance.now();
  const spinEnd = start + rc.spinUs / 1000;
  let r = req.test(status);
  while (!r[0] && performance.now() < spinEnd) r = req.test(status);
  while (!r[0] && performance.now() - start < TURNS_MS) {
    await turn();
    r = req.test(status);
  }
  while (!r[0] && performance.now() - start < TICKS_MS) {
    await sleep(1);
    r = req.test(status);
  }
  for (let delay = 2; !r[0]; delay = Math.min(2 * delay, MAX_BACKOFF_MS)) {
    await sleep(delay);
    r = req.test(status);
  }
  return r[1];
}
