/**
 * The loaded MPI library: bound C functions, resolved predefined handles,
 * integer constants and the handle codec, all for the ABI found at load.
 * Importing this module opens the library (it does not initialize MPI).
 *
 * @module
 */
import { rc } from "../rc.ts";
import { backend } from "./runtime.ts";
import { chooseLibrary } from "./loader.ts";
import {
  type ConstantName,
  DATATYPE_NAMES,
  type HandleName,
  OBJECT_NAMES,
  OP_NAMES,
} from "./abi/types.ts";
import { type Symbols, symbols } from "./symbols/mod.ts";
import type { Bound, FnDef, Handle, Memory, Pointer } from "./types.ts";

export { backend };

/** The library and ABI chosen at load. */
export const choice = chooseLibrary(backend, rc);

/** The ABI table of the loaded library. */
export const abi = choice.abi;

if (abi.loadGlobal) backend.preloadGlobal(choice.path);

const HANDLE_NAMES: readonly HandleName[] = [
  ...DATATYPE_NAMES,
  ...OP_NAMES,
  ...OBJECT_NAMES,
];

const staticNames = HANDLE_NAMES.map((n) => abi.handles[n]).filter(
  (s): s is string => typeof s === "string",
);

const weightSymbols = Object.values(abi.weights).filter(
  (w): w is string => typeof w === "string",
);

const opened = backend.open(
  choice.path,
  symbols,
  [...staticNames, ...weightSymbols],
  abi.handle,
);

/** A sentinel address: a constant, or read from an exported pointer constant. */
function sentinel(source: bigint | string): Pointer {
  if (typeof source === "bigint") return backend.pointer(source);
  const at = opened.statics[source];
  if (at === null) return null;
  const cell = new DataView(backend.view(at, 8));
  return backend.pointer(cell.getBigUint64(0, true));
}

/** `MPI_UNWEIGHTED` as a pointer value. */
export const UNWEIGHTED_PTR: Pointer = sentinel(abi.weights.unweighted);

/** `MPI_WEIGHTS_EMPTY` as a pointer value. */
export const WEIGHTS_EMPTY_PTR: Pointer = sentinel(abi.weights.empty);

/** Variants of table entries: `name@i` (pointer at i) and `name@async`. */
type Variant = (...args: never[]) => unknown;

/** Bound C functions, keyed by C name. */
export const lib: Bound<Symbols> & Readonly<Record<string, Variant>> = opened
  .fns as unknown as Bound<Symbols> & Readonly<Record<string, Variant>>;

/** Whether the library exports C function `name` (or its fallback). */
export function has(name: string): boolean {
  return !opened.missing.has(name);
}

/** Integer constants of the loaded ABI. */
export const C: Readonly<Record<ConstantName, number>> = abi.constants;

function resolve(name: HandleName): Handle | null {
  const source = abi.handles[name];
  if (source === null) return null;
  if (typeof source === "number") return source;
  return opened.statics[source] as Handle | null;
}

/** Predefined handles of the loaded ABI (`null` when the library lacks one). */
export const H: Readonly<Record<HandleName, Handle | null>> = Object
  .fromEntries(
    HANDLE_NAMES.map((n) => [n, resolve(n)]),
  ) as Record<HandleName, Handle | null>;

/** `MPI_IN_PLACE` as a pointer value. */
export const IN_PLACE_PTR: Pointer = backend.pointer(abi.inPlace);

/** Size of one handle in memory (8 for pointers, 4 for ints). */
export const HANDLE_SIZE: number = abi.handleSize;

const handleIsPointer = abi.handle === "pointer";

/** Reads the handle stored at byte `offset` of `bytes` (an out-parameter). */
export function readHandle(bytes: Uint8Array, offset = 0): Handle {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return handleIsPointer
    ? backend.pointer(dv.getBigUint64(offset, true)) as Handle
    : dv.getInt32(offset, true);
}

/** Writes `handle` at byte `offset` of `bytes` (an array of handles for C). */
export function writeHandle(
  bytes: Uint8Array,
  offset: number,
  handle: Handle,
): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (handleIsPointer) {
    dv.setBigUint64(offset, backend.address(handle as Pointer), true);
  } else dv.setInt32(offset, handle as number, true);
}

/** A comparable key for a handle: its address or its integer value. */
export function handleKey(handle: Handle | null): bigint | number {
  if (handle === null) return 0;
  return handleIsPointer
    ? backend.address(handle as Pointer)
    : handle as number;
}

/** Whether two handles denote the same MPI object. */
export function sameHandle(a: Handle | null, b: Handle | null): boolean {
  return handleKey(a) === handleKey(b);
}

/** Encodes a string as a NUL-terminated C string. */
export function cString(s: string): Uint8Array {
  return new TextEncoder().encode(s + "\0");
}

/**
 * Decodes a C string buffer up to the first NUL, and at most `length` bytes
 * (some libraries count the terminating NUL in the lengths they return).
 */
export function fromCString(bytes: Uint8Array, length?: number): string {
  const text = bytes.subarray(0, length ?? bytes.length);
  const nul = text.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? text : text.subarray(0, nul));
}

/**
 * A C array of pointers (`char *argv[]`, `char **array_of_argv[]`): the
 * addresses of `items` (`NULL` for `null`), with a final `NULL` when
 * `terminated`. The caller keeps `items` alive until the call returns.
 */
export function pointerArray(
  items: readonly (Uint8Array | BigUint64Array | null)[],
  terminated: boolean,
): BigUint64Array {
  const table = new BigUint64Array(items.length + (terminated ? 1 : 0));
  items.forEach((item, i) => {
    table[i] = item === null ? 0n : backend.addressOf(item);
  });
  return table;
}

/**
 * Binds the C library's functions `fns` (`libc.so.6`: glibc on Linux);
 * throws when the process has none.
 *
 * @example
 * ```ts
 * const c = openLibc({ getpid: { parameters: [], result: "i32" } });
 * const pid = c.getpid();
 * ```
 */
export function openLibc<T extends Record<string, FnDef>>(fns: T): Bound<T> {
  return backend.open("libc.so.6", fns, [], "i32").fns as unknown as Bound<T>;
}

/** A memory argument of a bound function. */
export type { Handle, Memory, Pointer };
