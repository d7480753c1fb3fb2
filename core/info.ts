/**
 * `Info`: string key/value hints handed to MPI (communicator, window and
 * file constructors), with a Map-like view.
 *
 * @module
 */
import {
  C,
  cString,
  fromCString,
  H,
  type Handle,
  has,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, describe, int, mpiError } from "./errors.ts";
import { HandleObject } from "./handle.ts";

const handleOut = new Uint8Array(8);
const intOut = new Int32Array(1);
const flagOut = new Int32Array(1);

function freeInfo(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Info_free(cell), "MPI_Info_free");
}

/**
 * Encodes a key or value for C after checking it is a string without NUL
 * of at most `max` bytes; a longer one is the `MPIError` (`errorClass`)
 * MPI would report.
 */
function cText(
  text: unknown,
  name: string,
  max: number,
  errorClass: number,
  call: string,
): Uint8Array {
  if (typeof text !== "string") {
    throw new TypeError(`${name} must be a string, got ${describe(text)}`);
  }
  if (text.includes("\0")) {
    throw new TypeError(`${name} must not contain NUL characters`);
  }
  const bytes = cString(text);
  if (bytes.length - 1 > max) {
    throw mpiError(
      errorClass,
      call,
      `${name} is ${bytes.length - 1} bytes long, more than ${max}`,
    );
  }
  return bytes;
}

/** A key for C: a non-empty string of at most `MAX_INFO_KEY` bytes. */
function cKey(key: unknown, call: string): Uint8Array {
  const bytes = cText(key, "key", C.MAX_INFO_KEY, C.ERR_INFO_KEY, call);
  if (bytes.length === 1) {
    throw mpiError(C.ERR_INFO_KEY, call, "key must not be empty");
  }
  return bytes;
}

/**
 * An info object: string hints keyed by string. `Get` returns `undefined`
 * for a missing key; iterating gives `[key, value]` pairs in MPI's order.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using info = mpi.Info.Create({ no_locks: "true" });
 * info.Set("alloc_shared_noncontig", "true");
 * console.log(info.Get("no_locks"), [...info.keys()], Object.fromEntries(info));
 * ```
 */
export class Info extends HandleObject {
  /**
   * Wraps an info handle. Users get info objects from `Info.Create`,
   * `Dup` and the predefined `INFO_ENV`.
   *
   * @param handle the C handle, `null` for `INFO_NULL`
   * @param predefined whether MPI owns it (`INFO_ENV`)
   */
  constructor(handle: Handle | null, predefined = false) {
    super(handle, predefined ? undefined : freeInfo);
  }

  /** `ERR_INFO`: the class of errors for a freed or null info object. */
  protected get nullErrorClass(): number {
    return C.ERR_INFO;
  }

  /**
   * A new info object (`MPI_Info_create`) holding `entries`: an object of
   * string values, or `[key, value]` pairs such as a `Map` or another `Info`.
   */
  static Create(
    entries?: Record<string, string> | Iterable<readonly [string, string]>,
  ): Info {
    if (
      entries !== undefined && (entries === null || typeof entries !== "object")
    ) {
      throw new TypeError(
        `entries must be an object or an iterable of [key, value], got ${
          describe(entries)
        }`,
      );
    }
    check(lib.MPI_Info_create(handleOut), "MPI_Info_create");
    const info = new Info(readHandle(handleOut));
    if (entries === undefined) return info;
    const pairs = Symbol.iterator in entries
      ? entries as Iterable<readonly [string, string]>
      : Object.entries(entries);
    try {
      for (const [key, value] of pairs) info.Set(key, value);
    } catch (error) {
      info.Free();
      throw error;
    }
    return info;
  }

  /** Sets `key` to `value`, replacing any previous value (`MPI_Info_set`). */
  Set(key: string, value: string): void {
    const k = cKey(key, "MPI_Info_set");
    const v = cText(
      value,
      "value",
      C.MAX_INFO_VAL,
      C.ERR_INFO_VALUE,
      "MPI_Info_set",
    );
    check(lib.MPI_Info_set(this.handle, k, v), "MPI_Info_set");
  }

  /**
   * The value of `key`, or `undefined` if it is not set
   * (`MPI_Info_get_string`, or `MPI_Info_get` where the library lacks it).
   */
  Get(key: string): string | undefined {
    const h = this.handle;
    const k = cKey(key, "MPI_Info_get");
    let value: Uint8Array;
    if (has("MPI_Info_get_string")) {
      intOut[0] = 0; // asks for the length, NUL included
      value = new Uint8Array(1);
      check(
        lib.MPI_Info_get_string(h, k, intOut, value, flagOut),
        "MPI_Info_get_string",
      );
      if (flagOut[0] === 0) return undefined;
      value = new Uint8Array(intOut[0]);
      check(
        lib.MPI_Info_get_string(h, k, intOut, value, flagOut),
        "MPI_Info_get_string",
      );
    } else {
      check(
        lib.MPI_Info_get_valuelen(h, k, intOut, flagOut),
        "MPI_Info_get_valuelen",
      );
      if (flagOut[0] === 0) return undefined;
      value = new Uint8Array(intOut[0] + 1);
      check(
        lib.MPI_Info_get(h, k, intOut[0], value, flagOut),
        "MPI_Info_get",
      );
    }
    return fromCString(value);
  }

  /**
   * Removes `key` (`MPI_Info_delete`); a key that is not set is an
   * `MPIError` of class `ERR_INFO_NOKEY`.
   */
  Delete(key: string): void {
    check(
      lib.MPI_Info_delete(this.handle, cKey(key, "MPI_Info_delete")),
      "MPI_Info_delete",
    );
  }

  /** Number of keys set (`MPI_Info_get_nkeys`). */
  Get_nkeys(): number {
    check(lib.MPI_Info_get_nkeys(this.handle, intOut), "MPI_Info_get_nkeys");
    return intOut[0];
  }

  /** The `n`-th key, for `0 ≤ n < Get_nkeys()` (`MPI_Info_get_nthkey`). */
  Get_nthkey(n: number): string {
    const nkeys = this.Get_nkeys();
    const i = int(n, "n");
    if (i < 0 || i >= nkeys) {
      throw new RangeError(`n must be in 0..${nkeys - 1}, got ${i}`);
    }
    const key = new Uint8Array(C.MAX_INFO_KEY + 1);
    check(
      lib.MPI_Info_get_nthkey(this.handle, i, key),
      "MPI_Info_get_nthkey",
    );
    return fromCString(key);
  }

  /** A new info object with the same entries (`MPI_Info_dup`). */
  Dup(): Info {
    check(lib.MPI_Info_dup(this.handle, handleOut), "MPI_Info_dup");
    return new Info(readHandle(handleOut));
  }

  /** The keys, in MPI's order. */
  *keys(): IterableIterator<string> {
    const n = this.Get_nkeys();
    for (let i = 0; i < n; i++) yield this.Get_nthkey(i);
  }

  /** The `[key, value]` pairs, in MPI's order. */
  *entries(): IterableIterator<[string, string]> {
    for (const key of this.keys()) yield [key, this.Get(key)!];
  }

  /** Same as `entries()`: `new Map(info)`, `Object.fromEntries(info)`. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * The C handle of an optional info argument: `MPI_INFO_NULL` for
 * `undefined` or `INFO_NULL`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using info = mpi.Info.Create({ no_locks: "true" });
 * const h = infoHandle(info); // INFO_NULL's handle for undefined
 * ```
 */
export function infoHandle(info: unknown, name = "info"): Handle {
  if (info === undefined || info === INFO_NULL) return H.INFO_NULL!;
  if (info instanceof Info) return info.handle;
  throw new TypeError(`${name} must be an Info, got ${describe(info)}`);
}

/**
 * The null info object (`MPI_INFO_NULL`): "no hints" where an info is
 * accepted; any other use throws `MPIError` (`ERR_INFO`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using node = mpi.COMM_WORLD.Split_type(mpi.COMM_TYPE_SHARED, 0, mpi.INFO_NULL);
 * ```
 */
export const INFO_NULL: Info = new Info(null, true);

/**
 * The environment the job was started with (`MPI_INFO_ENV`: `command`,
 * `maxprocs`, `host`, ... as the library provides them). Read-only in
 * spirit; `Dup()` it to change it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * console.log(Object.fromEntries(mpi.INFO_ENV));
 * ```
 */
export const INFO_ENV: Info = new Info(H.INFO_ENV, true);
