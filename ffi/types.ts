/**
 * Types of the backend-neutral C symbol table. A table entry names C
 * parameter kinds; the FFI backend (Deno or Node) turns each kind into its
 * own native type once the ABI is known (`handle` becomes a pointer for
 * Open MPI and an `int` for MPICH).
 *
 * @module
 */

/**
 * C parameter kinds.
 *
 * - `i32`: `int` (ranks, tags, counts, flags by value)
 * - `i64`: `MPI_Aint`, `MPI_Offset`, `MPI_Count` by value
 * - `f64`: `double`
 * - `buffer`: any pointer to memory JavaScript owns (TypedArray, ArrayBuffer, `null`)
 * - `pointer`: an address JavaScript does not own (sentinels, C callbacks, `void*` results)
 * - `handle`: an MPI handle by value (`MPI_Comm`, `MPI_Datatype`, ...)
 */
export type NativeType =
  | "i32"
  | "i64"
  | "f64"
  | "buffer"
  | "pointer"
  | "handle";

/** Result kinds of C functions. */
export type NativeResult = "i32" | "f64" | "void" | "pointer";

/** One C function of the symbol table. */
export interface FnDef {
  /** Parameter kinds, in C order. */
  readonly parameters: readonly NativeType[];
  /** Result kind. */
  readonly result: NativeResult;
  /**
   * Indices of `buffer` parameters that may also receive a sentinel address
   * (`MPI_IN_PLACE`) or an address taken once (the buffer of a call
   * repeated in a loop): the backend binds one extra variant per index, named
   * `<symbol>@<index>`, where that parameter is a `pointer` (and, with
   * several, `<symbol>@<i>,<j>` where all of them are).
   */
  readonly sentinels?: readonly number[];
  /** Also bind `<symbol>@async`, run off the main thread, returning a Promise. */
  readonly async?: boolean;
  /** Older name to bind when the library lacks this one (e.g. `MPIX_` prefixes). */
  readonly fallback?: string;
}

/** An opaque address in C memory, as the backend represents it. */
export type Pointer = object | bigint | number | null;

/** An MPI handle as the backend passes it: a pointer (Open MPI) or an int (MPICH). */
export type Handle = number | bigint | object;

/** A memory argument: JavaScript-owned bytes, or nothing. */
export type Memory = ArrayBufferView<ArrayBufferLike> | ArrayBufferLike | null;

type JsParam<T extends NativeType> = T extends "i32" | "f64" ? number
  : T extends "i64" ? number | bigint
  : T extends "buffer" ? Memory
  : T extends "pointer" ? Pointer
  : Handle;

type JsResult<T extends NativeResult> = T extends "i32" | "f64" ? number
  : T extends "void" ? void
  : Pointer;

type JsParams<P extends readonly NativeType[]> = {
  -readonly [K in keyof P]: P[K] extends NativeType ? JsParam<P[K]> : never;
};

/** The JavaScript signature of a table entry. */
export type JsFn<D extends FnDef> = (
  ...args: JsParams<D["parameters"]>
) => JsResult<D["result"]>;

/** The bound functions of a whole table. */
export type Bound<T extends Record<string, FnDef>> = {
  readonly [K in keyof T]: JsFn<T[K]>;
};

/** A C callback signature. */
export interface CallbackDef {
  /** Parameter kinds. */
  readonly parameters: readonly ("pointer" | "i32" | "handle")[];
  /** Result kind. */
  readonly result: "void" | "i32";
}
