/**
 * The Node backend: `koffi`, the maintained FFI for Node with prebuilt
 * binaries (no compiler at install time), TypedArrays passed by address
 * without copies, asynchronous calls on a thread pool and C callbacks.
 * Pointers are BigInts here. Loaded only under Node: Deno never sees koffi.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { writeSync } from "node:fs";
import process from "node:process";
import { setFlagsFromString } from "node:v8";
import { createContext, runInContext } from "node:vm";
import { setImmediate } from "node:timers";
import type { Backend, NativeCallback, OpenedLibrary } from "./backend.ts";
import type {
  CallbackDef,
  FnDef,
  NativeResult,
  NativeType,
  Pointer,
} from "./types.ts";

type Transfer = (this: ArrayBuffer, length: number) => ArrayBuffer;
let transfer: Transfer | undefined;

/**
 * `ArrayBuffer.prototype.transfer`, the one way to detach a view of C
 * memory: Node marks koffi's external buffers untransferable, so
 * `structuredClone` copies them instead. Node 20 has the method behind a
 * V8 flag only; a context made after setting the flag has it.
 */
function transferOf(): Transfer {
  if (transfer) return transfer;
  const own = (ArrayBuffer.prototype as { transfer?: Transfer }).transfer;
  if (own) return transfer = own;
  setFlagsFromString("--harmony-rab-gsab-transfer");
  return transfer = runInContext(
    "ArrayBuffer.prototype.transfer",
    createContext({}),
  ) as Transfer;
}

/** The part of koffi's API mpi4ts uses. */
interface Koffi {
  load(path: string, options?: { global?: boolean }): KoffiLibrary;
  proto(result: string, parameters: string[]): unknown;
  pointer(type: unknown): unknown;
  register(fn: (...args: never[]) => unknown, type: unknown): bigint;
  unregister(pointer: bigint): void;
  address(value: unknown): bigint;
  view(pointer: bigint, length: number): ArrayBuffer;
  config(settings?: Record<string, number>): Record<string, number>;
}

interface KoffiLibrary {
  func(name: string, result: string, parameters: string[]): KoffiFunction;
  symbol(name: string): bigint;
  unload(): void;
}

type KoffiFunction = ((...args: unknown[]) => unknown) & {
  async(...args: unknown[]): void;
};

// UCX (the InfiniBand/shared-memory layer under MPICH and Open MPI) patches
// malloc and mmap in place when the MPI library loads. Node's threads are
// already running then, and the patching raced with them: 5 of 150 MPICH
// start-ups crashed here, none of 150 with the hooks off. Users who need
// UCX's memory hooks set the variable themselves.
process.env.UCX_MEM_MMAP_HOOK_MODE ??= "none";

// A non-literal specifier keeps Deno's module graph free of koffi.
const KOFFI = "koffi";
const koffi = ((await import(KOFFI)) as { default: Koffi }).default;

// Asynchronous calls (`MPI_Wait` off the main thread) run on koffi's own
// stacks, 128 KiB by default: too small for MPI progress, which may run a
// whole reduction inside MPI_Wait (measured: MPICH's Ireduce crashed).
const ASYNC_STACK = 4 << 20;
if (koffi.config().async_stack_size < ASYNC_STACK) {
  try {
    koffi.config({ ...koffi.config(), async_stack_size: ASYNC_STACK });
  } catch (cause) {
    // koffi fixes its settings once any library is loaded.
    throw new Error(
      "mpi4ts needs koffi's async_stack_size of at least 4 MiB, and koffi " +
        "settings are fixed once a library is loaded: import mpi4ts before " +
        "loading other libraries with koffi, or first call " +
        "koffi.config({ ...koffi.config(), async_stack_size: 4 << 20 })",
      { cause },
    );
  }
}

const C_TYPES: Record<NativeType | NativeResult, string> = {
  i32: "int",
  i64: "int64_t",
  f64: "double",
  buffer: "void *",
  pointer: "void *",
  handle: "void *",
  void: "void",
};

function cType(kind: NativeType | NativeResult, handle: "pointer" | "i32") {
  return kind === "handle" && handle === "i32" ? "int" : C_TYPES[kind];
}

/** Binds `name`, or `undefined` when the library lacks it. */
function bind(
  lib: KoffiLibrary,
  name: string,
  def: FnDef,
  handle: "pointer" | "i32",
): KoffiFunction | undefined {
  try {
    return lib.func(
      name,
      cType(def.result, handle),
      def.parameters.map((p) => cType(p, handle)),
    );
  } catch {
    return undefined;
  }
}

/** `fn.async(...args, callback)` as a Promise. */
function promised(fn: KoffiFunction): (...args: unknown[]) => Promise<unknown> {
  return (...args) =>
    new Promise((resolve, reject) =>
      fn.async(
        ...args,
        (err: unknown, result: unknown) => err ? reject(err) : resolve(result),
      )
    );
}

/** Libraries loaded with `RTLD_GLOBAL`, kept open for the process lifetime. */
const pinned: KoffiLibrary[] = [];

/** Sizes from which `unfilled` skips zeroing (`Buffer.allocUnsafeSlow`: never pooled). */
const UNFILLED_MIN = 4096;

/** The Node implementation of the runtime seam. */
export const node: Backend = {
  runtime: "node",

  probe(path, symbol) {
    let lib;
    try {
      lib = koffi.load(path);
    } catch {
      return undefined;
    }
    try {
      lib.symbol(symbol);
      return true;
    } catch {
      return false;
    } finally {
      lib.unload();
    }
  },

  preloadGlobal(path) {
    pinned.push(koffi.load(path, { global: true }));
  },

  open(path, fns, statics, handle): OpenedLibrary {
    const lib = koffi.load(path, { global: true });
    pinned.push(lib);
    const out: Record<string, (...args: never[]) => unknown> = {};
    const missing = new Set<string>();
    for (const [name, def] of Object.entries(fns)) {
      const fn = bind(lib, name, def, handle) ??
        (def.fallback ? bind(lib, def.fallback, def, handle) : undefined);
      if (!fn) {
        missing.add(name);
        continue;
      }
      out[name] = fn;
      // `void *` takes TypedArrays and BigInt addresses alike.
      const sentinels = def.sentinels ?? [];
      for (const i of sentinels) out[`${name}@${i}`] = fn;
      if (sentinels.length > 1) out[`${name}@${sentinels.join(",")}`] = fn;
      if (def.async) out[`${name}@async`] = promised(fn);
    }
    const found: Record<string, Pointer> = {};
    for (const s of statics) {
      try {
        found[s] = lib.symbol(s);
      } catch {
        found[s] = null;
      }
    }
    return { fns: out, statics: found, missing };
  },

  pointer(address) {
    return address === 0n ? null : address;
  },

  address(pointer) {
    return pointer === null ? 0n : pointer as bigint;
  },

  addressOf(memory) {
    return koffi.address(memory);
  },

  // Node reads 16 KiB of non-ASCII UTF-8 in 155 µs, UTF-16 in 6 µs.
  wideText: true,

  // V8's default `typed_array_max_size_in_heap`.
  inHeapBytes: 64,

  unfilled(size) {
    // Below a few KiB the Buffer wrapper costs what the zeroing saves.
    return size < UNFILLED_MIN
      ? new ArrayBuffer(size)
      : Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer;
  },

  view(pointer, byteLength) {
    if (byteLength === 0) return new ArrayBuffer(0);
    return koffi.view(pointer as bigint, byteLength);
  },

  detach(buffer) {
    if (buffer.byteLength === 0) return;
    transferOf().call(buffer, 0);
  },

  callback(def: CallbackDef, fn): NativeCallback {
    const proto = koffi.proto(
      cType(def.result, "pointer"),
      def.parameters.map((p) => cType(p, "pointer")),
    );
    const pointer = koffi.register(fn, koffi.pointer(proto));
    return { pointer, close: () => koffi.unregister(pointer) };
  },

  env(name) {
    return process.env[name];
  },

  envNames() {
    return Object.keys(process.env);
  },

  immediate(fn) {
    setImmediate(fn);
  },

  onExit(fn, first) {
    if (first) process.prependOnceListener("exit", fn);
    else process.once("exit", fn);
  },

  onUncaught(fn) {
    process.on("uncaughtException", fn);
    process.on("unhandledRejection", fn);
  },

  writeError(text) {
    writeSync(2, text);
  },

  exit(code) {
    process.exit(code);
  },
};
