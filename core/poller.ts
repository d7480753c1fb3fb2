/**
 * Awaiting MPI operations on the JavaScript thread. An awaited operation is
 * tested (`MPI_Test`, or a multi-step operation's `test()`) right away and
 * then in a short spin, so a message that is microseconds away resolves at
 * nearly the speed of a blocking call. Past the spin budget the event loop
 * gets control back and one shared poller tests every pending operation:
 * once per event-loop turn while the wait is young, then once per timer
 * tick (~1 ms), which drives MPI's progress engine without burning a core.
 * No helper thread ever calls MPI, so every thread level works and user
 * ops (JavaScript) run on this thread.
 *
 * @module
 */
import { backend } from "../ffi/lib.ts";
import { rc } from "../rc.ts";
import { hasBackground, progress } from "./steps.ts";

/** An operation being awaited. */
interface Waiter {
  /** Advances without blocking; `true` once complete. */
  readonly test: () => boolean;
  /** The awaited value, once complete. */
  readonly result: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** When the wait began (ms, `performance.now()`). */
  readonly since: number;
  /** Completed already (resolution deferred to give the event loop a turn). */
  done: boolean;
}

function spinBudget(us: unknown): number {
  if (typeof us !== "number" || !(us >= 0) || !Number.isFinite(us)) {
    throw new RangeError(
      `rc.spinUs (MPI4TS_SPIN_US) must be a number of microseconds >= 0, got ${
        String(us)
      }`,
    );
  }
  return us / 1000;
}

/** The synchronous spin budget, ms. */
const SPIN_MS = spinBudget(rc.spinUs);
/**
 * How long after its start a wait is still polled on every event-loop turn
 * rather than on timer ticks, ms: a hundred spin budgets (5 ms at the
 * default), a few timer ticks' distance, so a message arriving in that
 * window is noticed within a turn instead of a tick. Measured: with 1 ms,
 * a peer descheduled for a millisecond pushed a ping-pong's wait onto
 * Deno's ~2 ms timer ticks, and one await in a thousand took 1.6 ms (half
 * of a small-value ping-pong's mean time); with 5 ms, 0.16-0.25 ms.
 */
const HOT_MS = Math.min(5, 100 * SPIN_MS);
/** The timer interval once a wait is older than `HOT_MS`, ms. */
const TICK_MS = 1;
/**
 * A chain of awaits that keep completing on the fast path never lets
 * timers or I/O run; after this long without a poller tick, a completed
 * await resolves through one event-loop turn instead.
 */
const TURN_MS = 1;

const now = () => performance.now();
const immediate = backend.immediate ?? ((fn) => setTimeout(fn, 0));

let pending: Waiter[] = [];
/** A tick is queued for the next event-loop turn. */
let turnArmed = false;
/** The timer of a queued tick, if one is. */
let timer: ReturnType<typeof setTimeout> | undefined;
/** False after a spin ran out, until the next tick: one lost spin per turn. */
let maySpin = true;
let lastTurn = now();

/** Tests `test` until it completes or the budget runs out. */
function spin(test: () => boolean): boolean {
  if (!maySpin || SPIN_MS === 0) return false;
  const end = now() + SPIN_MS;
  do {
    // Several tests per clock read: performance.now() costs about as much
    // as a test (0.1 µs), and a message is noticed sooner between reads.
    if (test() || test() || test() || test()) return true;
  } while (now() < end);
  maySpin = false;
  return false;
}

/** Queues a tick: on the next turn when `hot`, else on the timer. */
function arm(hot: boolean): void {
  if (turnArmed) return;
  if (hot) {
    // A young wait must not sit behind a timer armed for old ones.
    turnArmed = true;
    immediate(tick);
  } else if (timer === undefined) {
    timer = setTimeout(tick, TICK_MS);
  }
}

function settle(w: Waiter): void {
  let value: unknown;
  try {
    value = w.result();
  } catch (error) {
    w.reject(error);
    return;
  }
  w.resolve(value);
}

/** Tests every pending operation once; rearms while some remain. */
function tick(): void {
  turnArmed = false;
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
  }
  const t = now();
  lastTurn = t;
  maySpin = true;
  const list = pending;
  pending = [];
  let hot = false;
  try {
    if (hasBackground()) progress();
  } catch {
    // A background operation failed: it belongs to no waiter here; its
    // own wait or test reports it. Keep polling the rest.
  }
  for (let i = 0; i < list.length; i++) {
    const w = list[i];
    let done: boolean;
    try {
      done = w.done || w.test();
    } catch (error) {
      w.reject(error);
      continue;
    }
    if (done) settle(w);
    else {
      pending.push(w);
      if (t - w.since < HOT_MS) hot = true;
    }
  }
  if (pending.length > 0) arm(hot);
}

/**
 * Resolves with `result()` once `test()` returns `true`, testing on this
 * thread: at once, in a spin of `rc.spinUs` microseconds, then on
 * event-loop turns and timer ticks. `test` must not block; it may advance
 * a multi-step operation.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const req = mpi.COMM_SELF.Ibarrier();
 * const value = await whenComplete(() => req.Test(), () => 42); // 42
 * ```
 */
export function whenComplete(
  test: () => boolean,
  result: () => unknown,
): Promise<unknown> {
  let done: boolean;
  try {
    done = test() || spin(test);
    if (done && now() - lastTurn < TURN_MS) return Promise.resolve(result());
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    pending.push({ test, result, resolve, reject, since: now(), done });
    arm(true);
  });
}
