/**
 * Kind agreement for value reductions. A plain number reduced with `SUM`,
 * `PROD`, `MAX` or `MIN` takes a fast path (one MPI call on doubles), any
 * other value the general path (gather, then fold). Each rank sees only its
 * own value, so if ranks passed different kinds and each picked its path
 * from its own value, the ranks would call different collectives and hang.
 * So the fast path carries every rank's kind along with the number, and all
 * ranks decide together: all numbers → the MPI result; one other kind → the
 * general path; mixed kinds → the same `TypeError` on every rank.
 *
 * @module
 */
import { lib } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import { Op, OPS } from "../core/op.ts";
import type { Handle } from "../ffi/lib.ts";
import type { ValueOp } from "./value_ops.ts";

/** The kinds of value a reduction tells apart, by code. */
export const KINDS = [
  "number",
  "bigint",
  "boolean",
  "string",
  "undefined",
  "null",
  "Array",
  "TypedArray",
  "object",
] as const;

const K = KINDS.length;

/** The kind code of a value (an index into `KINDS`). */
export function kindCode(value: unknown): number {
  switch (typeof value) {
    case "number":
      return 0;
    case "bigint":
      return 1;
    case "boolean":
      return 2;
    case "string":
      return 3;
    case "undefined":
      return 4;
  }
  if (value === null) return 5;
  if (Array.isArray(value)) return 6;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return 7;
  return 8;
}

function mixedKinds(name: string, present: readonly boolean[]): TypeError {
  const kinds = KINDS.filter((_, k) => present[k]).join(", ");
  return new TypeError(
    `${name}: ranks passed different kinds of value (${kinds}); ` +
      "a reduction with a predefined op needs the same kind on every rank",
  );
}

/**
 * Checks that every value of a reduction with a predefined op has the same
 * kind (a function op decides for itself). Every rank that holds the same
 * values throws the same error.
 */
export function checkSameKind(
  name: string,
  op: ValueOp,
  values: readonly unknown[],
): void {
  if (typeof op === "function" || values.length < 2) return;
  const first = kindCode(values[0]);
  let mixed = false;
  const present = new Array<boolean>(K).fill(false);
  for (const v of values) {
    const k = kindCode(v);
    present[k] = true;
    if (k !== first) mixed = true;
  }
  if (mixed) throw mixedKinds(name, present);
}

// [value, one flag per kind]: reduced with the user's op itself, so the
// flags are encoded for it: SUM and MAX keep 1 where a rank's kind is
// (present where > 0), PROD and MIN keep 0 (present where 0).
const send = new Float64Array(1 + K);
const recv = new Float64Array(1 + K);

/** Ops for which the fast path is tried (on intracommunicators). */
export function fastOp(op: ValueOp): op is Op {
  return op === OPS.SUM || op === OPS.MAX || op === OPS.PROD ||
    op === OPS.MIN;
}

/**
 * `MPI_Allreduce` of `x` together with every rank's kind. Returns the
 * reduced number when every rank passed a number, `undefined` when every
 * rank passed the same other kind (take the general path), and throws the
 * same `TypeError` on every rank when kinds differ.
 */
export function allreduceAgreed(
  name: string,
  x: unknown,
  op: Op,
  comm: Handle,
): number | undefined {
  const positive = op === OPS.SUM || op === OPS.MAX;
  const mine = kindCode(x);
  send[0] = mine === 0 ? x as number : 0;
  const on = positive ? 1 : 0, off = 1 - on;
  for (let k = 0; k < K; k++) send[k + 1] = k === mine ? on : off;
  check(
    lib.MPI_Allreduce(
      send,
      recv,
      1 + K,
      DATATYPES.DOUBLE.handle,
      op.handle,
      comm,
    ),
    "MPI_Allreduce",
  );
  let count = 0, only = -1;
  for (let k = 0; k < K; k++) {
    if (positive ? recv[k + 1] > 0 : recv[k + 1] === 0) {
      count++;
      only = k;
    }
  }
  if (count > 1) {
    const present = new Array<boolean>(K);
    for (let k = 0; k < K; k++) {
      present[k] = positive ? recv[k + 1] > 0 : recv[k + 1] === 0;
    }
    throw mixedKinds(name, present);
  }
  agreed = only;
  return only === 0 ? recv[0] : undefined;
}

let agreed = -1;

/**
 * The one kind the last `allreduceAgreed` found on every rank.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * allreduceAgreed("allreduce", new Int32Array(2), mpi.SUM, mpi.COMM_WORLD.handle);
 * agreedKind(); // "TypedArray"
 * ```
 */
export function agreedKind(): (typeof KINDS)[number] {
  return KINDS[agreed];
}

let pairs = new Float64Array(0);
const pair = new Float64Array(2);

/**
 * `MPI_Allgather` of `[x, kind]` from every rank, for prefix reductions
 * (an `MPI_Scan` would tell rank r only about ranks 0..r). Returns the
 * prefix over ranks `0..end-1` when every rank passed a number (`NaN`
 * for an empty prefix), `undefined` when every rank passed the same other
 * kind, and throws the same `TypeError` on every rank when kinds differ.
 */
export function prefixAgreed(
  name: string,
  x: unknown,
  end: number,
  size: number,
  comm: Handle,
  combine: (a: number, b: number) => number,
): number | undefined {
  const mine = kindCode(x);
  pair[0] = mine === 0 ? x as number : 0;
  pair[1] = mine;
  if (pairs.length !== 2 * size) pairs = new Float64Array(2 * size);
  const D = DATATYPES.DOUBLE.handle;
  check(
    lib.MPI_Allgather(pair, 2, D, pairs, 2, D, comm),
    "MPI_Allgather",
  );
  const first = pairs[1];
  let mixed = false;
  for (let r = 1; r < size; r++) if (pairs[2 * r + 1] !== first) mixed = true;
  if (mixed) {
    const present = new Array<boolean>(K).fill(false);
    for (let r = 0; r < size; r++) present[pairs[2 * r + 1]] = true;
    throw mixedKinds(name, present);
  }
  if (first !== 0) return undefined;
  if (end === 0) return NaN;
  let acc = pairs[0];
  for (let r = 1; r < end; r++) acc = combine(acc, pairs[2 * r]);
  return acc;
}
