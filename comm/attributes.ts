/**
 * Communicator attributes: JavaScript values cached on a communicator under
 * a keyval, copied to duplicates as the keyval's `copy` function says and
 * handed to its `delete` function when they go (`Delete_attr`, a new
 * value, `Free`). They live on the JavaScript side, keyed by the
 * communicator object, so any value can be cached and no C callback runs
 * inside MPI. The predefined attributes (`TAG_UB`, `HOST`, `IO`,
 * `WTIME_IS_GLOBAL`, `APPNUM`, `UNIVERSE_SIZE`, `LASTUSEDCODE`) are read
 * from MPI (`MPI_Comm_get_attr`).
 *
 * @module
 */
import { backend, C, type Handle, lib } from "../ffi/lib.ts";
import { check, int, mpiError } from "../core/errors.ts";

/**
 * What a keyval does when a communicator is duplicated: a function returns
 * the value for the duplicate (`undefined` leaves the attribute out);
 * `true` copies the value as it is; `false` or nothing never copies.
 */
export type CopyFunction =
  | ((value: unknown, keyval: number) => unknown)
  | boolean;

/** Called with a value leaving a communicator. */
export type DeleteFunction = (value: unknown, keyval: number) => void;

interface Keyval {
  copy?: CopyFunction;
  delete?: DeleteFunction;
}

/** User keyvals count down from here, far from MPI's predefined ones. */
let nextKeyval = -1_000_000;
const keyvals = new Map<number, Keyval>();
const PREDEFINED = [
  "TAG_UB",
  "HOST",
  "IO",
  "WTIME_IS_GLOBAL",
  "APPNUM",
  "UNIVERSE_SIZE",
  "LASTUSEDCODE",
] as const;

/** Attribute values by communicator object, then keyval. */
const values = new WeakMap<object, Map<number, unknown>>();

function keyvalOf(keyval: number, call: string): Keyval {
  const k = keyvals.get(int(keyval, "keyval"));
  if (k) return k;
  throw mpiError(C.ERR_KEYVAL, call, `keyval ${keyval} is not a keyval`);
}

/**
 * Creates a keyval (`MPI_Comm_create_keyval`). `copy` decides what a
 * duplicate gets (default: nothing); `delete` sees every value that leaves.
 */
export function createKeyval(
  copy?: CopyFunction,
  del?: DeleteFunction,
): number {
  if (
    copy !== undefined && typeof copy !== "function" &&
    typeof copy !== "boolean"
  ) {
    throw new TypeError("copy must be a function or a boolean");
  }
  if (del !== undefined && typeof del !== "function") {
    throw new TypeError("delete must be a function");
  }
  const keyval = nextKeyval--;
  keyvals.set(keyval, { copy, delete: del });
  return keyval;
}

/** Frees a keyval; values already cached stay until they are deleted. */
export function freeKeyval(keyval: number): void {
  keyvalOf(keyval, "MPI_Comm_free_keyval");
  keyvals.delete(keyval);
}

function table(comm: object): Map<number, unknown> {
  let t = values.get(comm);
  if (!t) values.set(comm, t = new Map());
  return t;
}

/** Removes the value of `keyval` from `comm`, calling its delete function. */
export function deleteAttr(comm: object, keyval: number): void {
  const t = values.get(comm);
  if (!t?.has(keyval)) return;
  const value = t.get(keyval);
  t.delete(keyval);
  keyvals.get(keyval)?.delete?.(value, keyval);
}

/** Caches `value` on `comm` under `keyval`, deleting any previous value. */
export function setAttr(comm: object, keyval: number, value: unknown): void {
  keyvalOf(keyval, "MPI_Comm_set_attr");
  deleteAttr(comm, keyval);
  table(comm).set(keyval, value);
}

const valueOut = new Uint8Array(8);
const flagOut = new Int32Array(1);

/** The value of a predefined attribute, read from MPI. */
function predefinedAttr(handle: Handle, keyval: number): number | undefined {
  check(
    lib.MPI_Comm_get_attr(handle, keyval, valueOut, flagOut),
    "MPI_Comm_get_attr",
  );
  if (flagOut[0] === 0) return undefined;
  // The attribute is a pointer to an int.
  const at = new DataView(valueOut.buffer).getBigUint64(0, true);
  return new Int32Array(backend.view(backend.pointer(at), 4))[0];
}

/** The value under `keyval` on `comm`, or `undefined`. */
export function getAttr(
  comm: object,
  handle: Handle,
  keyval: number,
): unknown {
  const k = int(keyval, "keyval");
  if (PREDEFINED.some((name) => C[name] === k)) {
    return predefinedAttr(handle, k);
  }
  keyvalOf(k, "MPI_Comm_get_attr");
  return values.get(comm)?.get(k);
}

/** The value cached under user keyval `keyval` on `obj` (a window, ...), or `undefined`. */
export function userAttr(obj: object, keyval: number): unknown {
  const k = int(keyval, "keyval");
  keyvalOf(k, "MPI_Win_get_attr");
  return values.get(obj)?.get(k);
}

/** Gives `copy` (a new duplicate of `from`) the values the keyvals copy. */
export function copyAttrs(from: object, copy: object): void {
  const t = values.get(from);
  if (!t) return;
  for (const [keyval, value] of t) {
    const how = keyvals.get(keyval)?.copy;
    const copied = typeof how === "function"
      ? how(value, keyval)
      : how === true
      ? value
      : undefined;
    if (copied !== undefined) table(copy).set(keyval, copied);
  }
}

/** Deletes every value of `comm` (it is being freed). */
export function deleteAttrs(comm: object): void {
  const t = values.get(comm);
  if (!t) return;
  for (const keyval of [...t.keys()]) deleteAttr(comm, keyval);
}
