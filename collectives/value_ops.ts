/**
 * Reduction operations on values (the lowercase collectives): the
 * predefined ops act on numbers, bigints and booleans, element-wise on
 * arrays and TypedArrays; `MAXLOC`/`MINLOC` act on `[value, index]` pairs;
 * any `(a, b) => c` function is an op too.
 *
 * @module
 */
import { Op, OPS } from "../core/op.ts";
import { describe } from "../core/errors.ts";
import { checkSameKind } from "./value_kinds.ts";

/** What a value reduction accepts as its operation. */
export type ValueOp = Op | ((a: unknown, b: unknown) => unknown);

type Scalar = number | bigint | boolean;
type Binary = (a: Scalar, b: Scalar) => unknown;

// deno-lint-ignore no-explicit-any
const num = (x: Scalar): any => x;

const SCALAR: ReadonlyMap<Op, Binary> = new Map<Op, Binary>([
  [OPS.SUM, (a, b) => num(a) + num(b)],
  [OPS.PROD, (a, b) => num(a) * num(b)],
  [OPS.MAX, (a, b) => (num(b) > num(a) ? b : a)],
  [OPS.MIN, (a, b) => (num(b) < num(a) ? b : a)],
  [OPS.LAND, (a, b) => Boolean(a) && Boolean(b)],
  [OPS.LOR, (a, b) => Boolean(a) || Boolean(b)],
  [OPS.LXOR, (a, b) => Boolean(a) !== Boolean(b)],
  [OPS.BAND, (a, b) => num(a) & num(b)],
  [OPS.BOR, (a, b) => num(a) | num(b)],
  [OPS.BXOR, (a, b) => num(a) ^ num(b)],
  [OPS.REPLACE, (_a, b) => b],
  [OPS.NO_OP, (a) => a],
]);

function loc(better: (x: Scalar, y: Scalar) => boolean) {
  return (a: unknown, b: unknown): unknown => {
    const [va, ia] = a as [Scalar, number];
    const [vb, ib] = b as [Scalar, number];
    if (better(vb, va)) return [vb, ib];
    if (vb === va) return [va, Math.min(ia, ib)];
    return [va, ia];
  };
}

const LOC: ReadonlyMap<Op, (a: unknown, b: unknown) => unknown> = new Map([
  [OPS.MAXLOC, loc((x, y) => num(x) > num(y))],
  [OPS.MINLOC, loc((x, y) => num(x) < num(y))],
]);

function elementwise(f: Binary, a: unknown, b: unknown): unknown {
  if (
    ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && !(a instanceof DataView)
  ) {
    // deno-lint-ignore no-explicit-any
    const x = a as any, y = b as any;
    if (x.length !== y.length) {
      throw new RangeError("value reduction: arrays differ in length");
    }
    const out = x.slice();
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      throw new RangeError("value reduction: arrays differ in length");
    }
    return a.map((v, i) => elementwise(f, v, b[i]));
  }
  return f(a as Scalar, b as Scalar);
}

/**
 * Applies `op` to two values: `a` from the lower rank, `b` from the higher.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * applyOp(mpi.SUM, [1, 2], [10, 20]); // [11, 22]
 * applyOp(mpi.MAXLOC, [3, 0], [3, 1]); // [3, 0]
 * ```
 */
export function applyOp(op: ValueOp, a: unknown, b: unknown): unknown {
  if (typeof op === "function") return op(a, b);
  const locOp = LOC.get(op);
  if (locOp) return locOp(a, b);
  const scalar = SCALAR.get(op);
  if (scalar) return elementwise(scalar, a, b);
  throw new TypeError(
    `${op.name} cannot combine values; pass a function (a, b) => c for a custom value reduction`,
  );
}

/** Checks a value-reduction op argument. */
export function checkValueOp(op: unknown): ValueOp {
  if (op instanceof Op || typeof op === "function") return op as ValueOp;
  throw new TypeError(
    `op must be an Op or a function (a, b) => c, got ${describe(op)}`,
  );
}

/**
 * Folds `values[0..end-1]` in rank order with `op`, after checking that all
 * of `values` (every rank's) have one kind, so that every rank holding
 * them gets the same result or the same error.
 */
export function fold(
  op: ValueOp,
  values: readonly unknown[],
  end: number = values.length,
  name = "value reduction",
): unknown {
  checkSameKind(name, op, values);
  let acc = values[0];
  for (let i = 1; i < end; i++) acc = applyOp(op, acc, values[i]);
  return acc;
}
