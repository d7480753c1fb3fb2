/**
 * Plans of small RMA calls repeated in a loop: the last blocking `Put` or
 * `Fetch_and_op` whose arguments were all checked keeps what it resolved
 * them to, keyed by the very arguments. A call with the same window,
 * buffers (still as long: a detached or shrunk buffer misses), target rank
 * and displacement skips resolving and checking them again: nothing a
 * check depended on can have changed (the inferred datatype of a buffer
 * is predefined, the window's group and sizes are fixed, the window itself
 * is checked on every call).
 *
 * Only plain TypedArrays (not `DataView`s, `ArrayBuffer`s or
 * `[buf, count, datatype]` specifications) and default targets (a
 * displacement, no count or datatype) are planned.
 *
 * Under Deno a plan repeated once more also takes the buffers' addresses
 * (once: about 0.4 µs), and the call passes them as pointers, which Deno's
 * FFI does about 7 ns faster than a buffer (measured with one-element
 * `MPI_Put`s). The plan keeps the buffers referenced (its repeats hold
 * nothing more until a synchronization call; `rma/operations.ts` holds a
 * replaced plan's buffers), and the length check drops it before a
 * detached buffer's address could be used.
 *
 * @module
 */
import { backend, type Handle, type Memory, type Pointer } from "../ffi/lib.ts";
import type { Resolved } from "../core/buffer.ts";
import { DATATYPES } from "../core/datatype.ts";
import type { WinFacts } from "./facts.ts";

/** A TypedArray's length, or -1 for memory a plan does not take. */
function plannedLength(x: unknown, m: Resolved): number {
  return m.owner === x && m.datatype !== DATATYPES.BYTE
    ? (x as Float64Array).length
    : -1;
}

/** Whether calls pass a planned buffer's address (measured faster only under Deno). */
const BY_ADDRESS = backend.runtime === "deno";

/** The address of `x` as a pointer argument. */
function pointerTo(x: unknown): Pointer {
  return backend.pointer(backend.addressOf(x as Float64Array));
}

/** Whether `target` is a default target a plan may key on. */
function plainTarget(target: unknown): boolean {
  return target === undefined || typeof target === "number" ||
    typeof target === "bigint";
}

/** The last checked blocking call of one kind and what it resolved to. */
export class Plan {
  /** The window's facts (`null`: no plan). */
  f: WinFacts | null = null;
  /** The origin argument and its length. */
  origin: unknown = null;
  originLength = 0;
  /** The result argument and its length (`Fetch_and_op`). */
  result: unknown = null;
  resultLength = 0;
  /** The target rank and target (displacement) arguments. */
  rank = 0;
  target: unknown = undefined;
  /** Resolved origin memory, count and datatype handle. */
  buf: Memory = null;
  count = 0;
  type: Handle = 0;
  /** Resolved result memory. */
  resultBuf: Memory = null;
  /** Target displacement. */
  disp = 0n;
  /** Origin and result addresses, once the plan has been repeated (Deno). */
  originPtr: Pointer = null;
  resultPtr: Pointer = null;
  /** Repeats of the plan until it took the addresses. */
  repeats = 0;

  /**
   * Whether the addresses are taken: on the second repeat of a plan they
   * are (so calls alternating between buffers never pay for them).
   */
  byAddress(): boolean {
    if (this.originPtr !== null) return true;
    if (!BY_ADDRESS || ++this.repeats < 2) return false;
    this.originPtr = pointerTo(this.origin);
    this.resultPtr = this.result === null ? null : pointerTo(this.result);
    return true;
  }

  /** Whether a call with these arguments repeats the plan. */
  matches(
    f: WinFacts,
    origin: unknown,
    rank: unknown,
    target: unknown,
  ): boolean {
    return this.f === f && this.origin === origin && this.rank === rank &&
      this.target === target &&
      (origin as Float64Array).length === this.originLength;
  }

  /** Whether a `Fetch_and_op` with these arguments repeats the plan. */
  matchesFetch(
    f: WinFacts,
    origin: unknown,
    result: unknown,
    rank: unknown,
    target: unknown,
  ): boolean {
    return this.matches(f, origin, rank, target) && this.result === result &&
      (result as Float64Array).length === this.resultLength;
  }

  /**
   * Records a call just checked: origin `o` (and result `r`) resolved from
   * `origin` (and `result`), to `rank` at displacement `disp`. Memory or a
   * target it does not take leaves no plan.
   */
  record(
    f: WinFacts,
    origin: unknown,
    o: Resolved,
    result: unknown,
    r: Resolved | null,
    rank: number,
    target: unknown,
    disp: bigint,
  ): void {
    const n = plannedLength(origin, o);
    const rn = r === null ? 0 : plannedLength(result, r);
    if (n < 1 || rn < 0 || !plainTarget(target)) {
      this.f = null;
      this.origin = this.result = null;
      this.originPtr = this.resultPtr = null;
      return;
    }
    this.f = f;
    this.origin = origin;
    this.originLength = n;
    this.result = result;
    this.resultLength = rn;
    this.rank = rank;
    this.target = target;
    this.buf = o.buf;
    this.count = o.count;
    this.type = o.type;
    this.resultBuf = r === null ? null : r.buf;
    this.disp = disp;
    this.originPtr = null;
    this.resultPtr = null;
    this.repeats = 0;
  }
}
