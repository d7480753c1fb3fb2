/**
 * Arguments of the datatype constructors, checked and laid out as C wants
 * them: `int[]` as `Int32Array`, `MPI_Aint[]` as `BigInt64Array`. Every
 * error names the argument (and the item) at fault.
 *
 * @module
 */
import { count, describe, int } from "./errors.ts";

/** An array argument: a plain array or a TypedArray. */
function items(value: unknown, name: string): ArrayLike<unknown> {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return value as unknown as ArrayLike<unknown>;
  }
  throw new TypeError(`${name} must be an array, got ${describe(value)}`);
}

/**
 * Returns `value` as an `MPI_Aint` (a safe integer, possibly negative),
 * else throws naming `name`.
 *
 * @example
 * ```ts
 * const lb = aint(-8, "lb"); // -8, or a RangeError naming "lb" outside C's MPI_Aint
 * ```
 */
export function aint(value: unknown, name: string): number {
  if (Number.isSafeInteger(value)) return (value as number) + 0; // no -0
  throw typeof value === "number"
    ? new RangeError(`${name} must be a safe integer, got ${value}`)
    : new TypeError(`${name} must be an integer, got ${describe(value)}`);
}

/**
 * Checks every item of array `value` with `each` (`int` or `count`) and
 * returns them as a C `int[]`.
 *
 * @example
 * ```ts
 * import { count } from "./errors.ts";
 * const blocklengths = intArray([1, 2], "blocklengths", count); // Int32Array [1, 2]
 * ```
 */
export function intArray(
  value: unknown,
  name: string,
  each: (x: unknown, name: string) => number = int,
): Int32Array {
  const xs = items(value, name);
  const out = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = each(xs[i], `${name}[${i}]`);
  return out;
}

/**
 * Checks every item of array `value` as an `MPI_Aint` and returns them as
 * a C `MPI_Aint[]`.
 *
 * @example
 * ```ts
 * const byteDispls = aintArray([0, 8], "byteDispls"); // BigInt64Array [0n, 8n]
 * ```
 */
export function aintArray(value: unknown, name: string): BigInt64Array {
  const xs = items(value, name);
  const out = new BigInt64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    out[i] = BigInt(aint(xs[i], `${name}[${i}]`));
  }
  return out;
}

/**
 * Returns the items of array `value` after checking each with `each`.
 *
 * @example
 * ```ts
 * const doubled = arrayOf([1, 2], "xs", (x) => Number(x) * 2); // [2, 4]
 * ```
 */
export function arrayOf<T>(
  value: unknown,
  name: string,
  each: (x: unknown, name: string) => T,
): T[] {
  return Array.from(items(value, name), (x, i) => each(x, `${name}[${i}]`));
}

/**
 * Returns `array` if it has as many items as `other`, else throws naming
 * both arguments.
 *
 * @example
 * ```ts
 * const bl = intArray([1, 2], "blocklengths");
 * const displs = sameLength(intArray([0, 4], "displs"), "displs", bl, "blocklengths");
 * ```
 */
export function sameLength<T extends ArrayLike<unknown>>(
  array: T,
  name: string,
  other: ArrayLike<unknown>,
  otherName: string,
): T {
  if (array.length === other.length) return array;
  throw new RangeError(
    `${name} has ${array.length} items but ${otherName} has ${other.length}`,
  );
}

/**
 * Returns `value` if it is one of `allowed` (named in the error), else
 * throws naming `name`.
 *
 * @example
 * ```ts
 * const order = oneOf(1, "order", { ORDER_C: 0, ORDER_FORTRAN: 1 }); // 1
 * ```
 */
export function oneOf(
  value: unknown,
  name: string,
  allowed: Readonly<Record<string, number>>,
): number {
  const n = int(value, name);
  if (Object.values(allowed).includes(n)) return n;
  throw new RangeError(
    `${name} must be one of ${Object.keys(allowed).join(", ")}, got ${n}`,
  );
}

/**
 * `count(value, name)` that must also be at least 1.
 *
 * @example
 * ```ts
 * const psizes = intArray([2, 2], "psizes", positive); // Int32Array [2, 2]
 * ```
 */
export function positive(value: unknown, name: string): number {
  const n = count(value, name);
  if (n >= 1) return n;
  throw new RangeError(`${name} must be at least 1, got ${n}`);
}
