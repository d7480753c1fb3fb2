/**
 * Value reductions of TypedArrays done by MPI itself. When every rank
 * passes the same kind and length of TypedArray to `allreduce`/`reduce`
 * with `SUM`, `PROD`, `MAX` or `MIN`, the arrays are reduced element-wise by
 * one `MPI_Allreduce`/`MPI_Reduce` on their own datatype instead of being
 * serialized, gathered and folded in JavaScript: the result is the same
 * (C and JavaScript wrap integers and round floats alike), at the cost of
 * one small agreement on kind and length.
 *
 * @module
 */
import { lib } from "../ffi/lib.ts";
import type { Handle } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import { inferDatatype } from "../core/buffer.ts";
import { VIEWS } from "../core/codec.ts";
import { check } from "../core/errors.ts";
import { OPS } from "../core/op.ts";
import type { Op } from "../core/op.ts";

type ArrayCtor = new (length: number) => ArrayBufferView & { length: number };

/**
 * The kinds MPI reduces exactly as JavaScript's element-wise fold does; a
 * kind's index here is its code, the same on every rank. `Uint8ClampedArray`
 * is not one: C wraps where it clamps. The datatype is the one the buffer
 * methods infer (`core/buffer.ts`).
 */
const KINDS = VIEWS.filter((c) =>
  c !== Uint8ClampedArray && c !== DataView
) as unknown as readonly ArrayCtor[];

/** The kind's code in `KINDS`, or -1 (a subclass, a clamped array). */
function codeOf(x: unknown): number {
  const ctor = (x as object).constructor;
  if (Object.getPrototypeOf(x) !== ctor.prototype) return -1;
  for (let i = 0; i < KINDS.length; i++) if (KINDS[i] === ctor) return i;
  return -1;
}

/** The unsigned kinds, with a large and a small value of each. */
const UNSIGNED = new Map<unknown, [number | bigint, number | bigint]>([
  [Uint8Array, [230, 4]],
  [Uint16Array, [60000, 4]],
  [Uint32Array, [4e9, 4]],
  [BigUint64Array, [2n ** 63n + 1n, 4n]],
]);
const ordered: (boolean | undefined)[] = [];

/**
 * Whether the library's `MAX` orders kind `code` as C does. Debian's MPICH
 * 4.0 compares unsigned integers as signed (`MAX(230, 4)` is 4 for
 * `MPI_UINT8_T`, in C too); where a local reduction shows it, those
 * reductions stay in JavaScript. Every rank runs the same library, so
 * every rank decides alike.
 */
function ordersLikeC(code: number): boolean {
  const probe = UNSIGNED.get(KINDS[code]);
  if (!probe) return true;
  if (ordered[code] === undefined) {
    const Ctor = KINDS[code];
    const big = cells(new Ctor(1)), small = cells(new Ctor(1));
    big[0] = probe[0];
    small[0] = probe[1];
    check(
      lib.MPI_Reduce_local(big, small, 1, typeOf(big), OPS.MAX.handle),
      "MPI_Reduce_local",
    );
    ordered[code] = small[0] === big[0];
  }
  return ordered[code]!;
}

/** The datatype handle of a TypedArray of one of `KINDS`. */
function typeOf(a: ArrayBufferView): Handle {
  return inferDatatype(a).handle;
}

/** A TypedArray's elements, whatever their kind. */
function cells(a: ArrayBufferView): ArrayBufferView & (number | bigint)[] {
  return a as ArrayBufferView & (number | bigint)[];
}

/** The code of `x`'s kind when MPI reduces it with `op` as JavaScript would, else -1. */
function codeFor(x: unknown, op: Op): number {
  const code = codeOf(x);
  if (code < 0 || (op !== OPS.MAX && op !== OPS.MIN)) return code;
  return ordersLikeC(code) ? code : -1;
}

// [code, length, -code, -length], reduced with MAX: the ranks agree when
// the maxima are minus the minima.
const shape = new Float64Array(4);
const shapeOut = new Float64Array(4);

/**
 * Whether every rank of `comm` passed a TypedArray of the same kind and
 * length that MPI can reduce; every rank gets the same answer. Call only
 * when the ranks agreed that all values are TypedArrays.
 */
function agreed(x: unknown, code: number, comm: Handle): boolean {
  const n = (x as { length: number }).length;
  shape[0] = code;
  shape[1] = n;
  shape[2] = -code;
  shape[3] = -n;
  check(
    lib.MPI_Allreduce(
      shape,
      shapeOut,
      4,
      DATATYPES.DOUBLE.handle,
      OPS.MAX.handle,
      comm,
    ),
    "MPI_Allreduce",
  );
  return shapeOut[0] === -shapeOut[2] && shapeOut[1] === -shapeOut[3] &&
    shapeOut[0] >= 0;
}

/**
 * `op` over every rank's TypedArray `x` by MPI, at `root` (`undefined`:
 * every rank), or `null` when the ranks' arrays differ in kind or length
 * (then every rank takes the general path). Returns a new array of `x`'s
 * kind; `undefined` on non-roots of a rooted reduction.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const x = new Float64Array([comm.rank, 1]);
 * const sum = reduceArrays(x, mpi.SUM, undefined, comm.rank, comm.handle); // [Σ rank, size]
 * ```
 */
export function reduceArrays(
  x: unknown,
  op: Op,
  root: number | undefined,
  rank: number,
  comm: Handle,
): unknown | null {
  const code = codeFor(x, op);
  if (!agreed(x, code, comm)) return null;
  const Ctor = KINDS[code];
  const mine = x as ArrayBufferView & { length: number }, n = mine.length;
  const type = typeOf(mine);
  if (root === undefined) {
    const out = new Ctor(n);
    check(
      lib.MPI_Allreduce(mine, out, n, type, op.handle, comm),
      "MPI_Allreduce",
    );
    return out;
  }
  const out = rank === root ? new Ctor(n) : null;
  check(
    lib.MPI_Reduce(mine, out, n, type, op.handle, root, comm),
    "MPI_Reduce",
  );
  return out ?? undefined;
}
