/**
 * The seam between mpi4ts and the JavaScript runtime. Everything that
 * differs between Deno (`Deno.dlopen`), Node (`koffi`) and Bun (`bun:ffi`) — opening a
 * library, binding functions, pointers, C callbacks, the environment and
 * process exit — goes through one `Backend` object, chosen once at load.
 *
 * @module
 */
import type { CallbackDef, FnDef, Pointer } from "./types.ts";

/** What `Backend.open` returns. */
export interface OpenedLibrary {
  /** Bound functions by key (C name, `name@i` sentinel variants, `name@async`). */
  readonly fns: Record<string, (...args: never[]) => unknown>;
  /** Addresses of exported objects by C name (`null` when absent). */
  readonly statics: Record<string, Pointer>;
  /** C names the library does not export. */
  readonly missing: ReadonlySet<string>;
}

/** A C function pointer made from a JavaScript function. */
export interface NativeCallback {
  /** The C function pointer. */
  readonly pointer: Pointer;
  /** Releases the trampoline; the pointer must not be called afterwards. */
  close(): void;
}

/** One JavaScript runtime's FFI and process facilities. */
export interface Backend {
  /** Runtime name, for `cli.ts info`. */
  readonly runtime: "deno" | "node" | "bun";
  /** Whether `path` can be opened and exports `symbol`; `undefined` if it cannot be opened. */
  probe(path: string, symbol: string): boolean | undefined;
  /** Loads `path` with `RTLD_NOW | RTLD_GLOBAL` so its plug-ins see its symbols. */
  preloadGlobal(path: string): void;
  /** Opens `path` and binds `fns` (handles as `handle`) and the exported objects `statics`. */
  open(
    path: string,
    fns: Record<string, FnDef>,
    statics: readonly string[],
    handle: "pointer" | "i32",
  ): OpenedLibrary;
  /** A pointer value for an integer address. */
  pointer(address: bigint): Pointer;
  /** The integer address of a pointer value. */
  address(pointer: Pointer): bigint;
  /** The address of JavaScript-owned memory (slow: call once per long-lived buffer). */
  addressOf(memory: ArrayBufferView | ArrayBuffer): bigint;
  /**
   * A new ArrayBuffer of `size` bytes, not zero-filled where the runtime
   * can skip that (the caller writes every byte): received values fill
   * their memory anyway, and Node zeroes 16 KiB in 2 µs of the 5 µs a
   * fresh ArrayBuffer costs.
   */
  unfilled(size: number): ArrayBuffer;
  /**
   * Largest TypedArray, in bytes, the engine keeps in its own heap, where
   * `new Uint8Array(n)` costs little (0 if every one has memory outside it).
   */
  readonly inHeapBytes: number;
  /**
   * Whether long non-ASCII strings in values travel as UTF-16 rather than
   * UTF-8: whichever this runtime writes and reads faster (the peer, most
   * likely the same runtime, reads either).
   */
  readonly wideText: boolean;
  /** A zero-copy view of `byteLength` bytes of C memory at `pointer`. */
  view(pointer: Pointer, byteLength: number): ArrayBuffer;
  /**
   * Detaches a buffer made by `view` (its length and its views' lengths
   * become 0), so nothing reads C memory after it is freed.
   */
  detach(buffer: ArrayBuffer): void;
  /** Makes a C function pointer calling `fn` (on the main thread). */
  callback(
    def: CallbackDef,
    fn: (...args: never[]) => number | void,
  ): NativeCallback;
  /** An environment variable, or `undefined` (also when not permitted to read it). */
  env(name: string): string | undefined;
  /** All environment variable names. */
  envNames(): string[];
  /**
   * Runs `fn` on the event loop's next turn, after pending I/O, without
   * timer clamping. Optional: without it awaiting uses `setTimeout(fn, 0)`.
   */
  immediate?(fn: () => void): void;
  /**
   * Runs `fn` once when the process exits normally (also through an exit
   * call); with `first`, before the hooks already registered.
   */
  onExit(fn: () => void, first?: boolean): void;
  /** Runs `fn` on an uncaught error or unhandled rejection. */
  onUncaught(fn: (error: unknown) => void): void;
  /** Writes text to standard error synchronously. */
  writeError(text: string): void;
  /** Ends the process. */
  exit(code: number): never;
}
