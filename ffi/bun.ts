/**
 * The Bun backend: `bun:ffi`. Functions are bound by address (libc's
 * `dlopen` + `dlsym`, called through `bun:ffi`), each on its first use, so a
 * symbol the library lacks is skipped instead of failing the whole table.
 * Pointers are numbers here (a `bigint` above 2^53, such as MPICH's
 * `MPI_IN_PLACE`); TypedArrays pass by address without copies.
 *
 * Bun has no call that runs off the main thread, so the `@async` variants
 * poll the nonblocking twin (`MPI_Wait` → `MPI_Test`, `MPI_Probe` →
 * `MPI_Iprobe`, ...) and yield to the event loop between polls, backing off
 * from immediate re-polls to short sleeps while the operation stays pending.
 * Loaded only under Bun: Deno and Node never see `bun:ffi`.
 *
 * @module
 */
import { writeSync } from "node:fs";
import process from "node:process";
import type { Backend, NativeCallback, OpenedLibrary } from "./backend.ts";
import type {
  CallbackDef,
  FnDef,
  NativeResult,
  NativeType,
  Pointer,
} from "./types.ts";

/** `bun:ffi` type names used here. */
type BunType = "i32" | "i64" | "f64" | "ptr" | "void";

/** A function bound by `bun:ffi`. */
type BunFunction = (...args: unknown[]) => unknown;

/** The part of `bun:ffi` mpi4ts uses. */
interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: BunType[]; returns: BunType }>,
  ): { symbols: Record<string, BunFunction>; close(): void };
  CFunction(
    def: { ptr: number | bigint; args: BunType[]; returns: BunType },
  ): BunFunction;
  JSCallback: new (
    fn: (...args: never[]) => unknown,
    def: { args: BunType[]; returns: BunType },
  ) => { readonly ptr: number | null; close(): void };
  ptr(view: ArrayBufferView | ArrayBufferLike, byteOffset?: number): number;
  toArrayBuffer(
    ptr: number,
    byteOffset: number,
    byteLength: number,
  ): ArrayBuffer;
}

// UCX patches malloc and mmap in place when the MPI library loads, racing
// with the runtime's threads already running then (see ffi/node.ts).
process.env.UCX_MEM_MMAP_HOOK_MODE ??= "none";

// A non-literal specifier keeps Deno's and tsc's module graphs free of bun:ffi.
const BUN_FFI = "bun:ffi";
const ffi = (await import(BUN_FFI)) as BunFfi;

const RTLD_LAZY = 0x1;
const RTLD_NOW_GLOBAL = 0x102;

const libc = ffi.dlopen("libc.so.6", {
  dlopen: { args: ["ptr", "i32"], returns: "ptr" },
  dlsym: { args: ["ptr", "ptr"], returns: "ptr" },
  dlclose: { args: ["ptr"], returns: "i32" },
}).symbols as {
  dlopen(path: Uint8Array, flags: number): number | null;
  dlsym(handle: number, name: Uint8Array): number | null;
  dlclose(handle: number): number;
};

function cName(s: string): Uint8Array {
  return new TextEncoder().encode(s + "\0");
}

function bunType(
  kind: NativeType | NativeResult,
  handle: "pointer" | "i32",
): BunType {
  switch (kind) {
    case "handle":
      return handle === "i32" ? "i32" : "ptr";
    case "buffer":
    case "pointer":
      return "ptr";
    default:
      return kind;
  }
}

/**
 * The nonblocking twin of each `async` entry: its name, and where its
 * `int *flag` goes (`-1`: none; `MPI_Testsome` reports through `outcount`,
 * argument 2, which is nonzero once it is done).
 */
const POLLED: Readonly<Record<string, readonly [string, number]>> = {
  MPI_Wait: ["MPI_Test", 1],
  MPI_Waitall: ["MPI_Testall", 2],
  MPI_Waitany: ["MPI_Testany", 3],
  MPI_Waitsome: ["MPI_Testsome", -1],
  MPI_Probe: ["MPI_Iprobe", 3],
  MPI_Mprobe: ["MPI_Improbe", 3],
};

/** Re-polls without sleeping for this long, then sleeps between polls. */
const SPIN_MS = 2;
/** Longest sleep between two polls. */
const MAX_SLEEP_MS = 8;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first int of a memory argument. */
function firstInt(memory: unknown): number {
  const v = memory as ArrayBufferView;
  return new Int32Array(v.buffer, v.byteOffset, 1)[0];
}

/**
 * `twin` polled until done, as a Promise of its return code: the event loop
 * runs between polls, and C callbacks (user ops) run on the main thread.
 */
function polled(
  twin: () => BunFunction,
  flagAt: number,
): (...args: unknown[]) => Promise<number> {
  return async (...args) => {
    const flag = new Int32Array(1);
    const call = flagAt < 0
      ? args
      : [...args.slice(0, flagAt), flag, ...args.slice(flagAt)];
    const done = () => flagAt < 0 ? firstInt(args[2]) !== 0 : flag[0] !== 0;
    const fn = twin();
    const start = performance.now();
    let sleepMs = 1;
    for (;;) {
      const rc = fn(...call) as number;
      if (rc !== 0 || done()) return rc;
      if (performance.now() - start < SPIN_MS) await nextTurn();
      else {
        await sleep(sleepMs);
        sleepMs = Math.min(sleepMs * 2, MAX_SLEEP_MS);
      }
    }
  };
}

/**
 * Functions bound on first use, from their addresses. Binding compiles a
 * call trampoline; a program calls few of the table's functions. Each stays
 * a getter of its bound function, as in the Deno backend: replacing getters
 * by values would change the table's shape after the engine optimized the
 * code that calls into it.
 */
function bindOnUse(
  fns: Record<string, FnDef>,
  addresses: Record<string, number>,
  handle: "pointer" | "i32",
): OpenedLibrary["fns"] {
  const out: Record<string, (...args: never[]) => unknown> = {};
  const define = (key: string, get: () => unknown) =>
    Object.defineProperty(out, key, { enumerable: true, get });
  for (const name of Object.keys(addresses)) {
    let fn: BunFunction | undefined;
    const bound = () =>
      fn ??= ffi.CFunction({
        ptr: addresses[name],
        args: fns[name].parameters.map((p) => bunType(p, handle)),
        returns: bunType(fns[name].result, handle),
      });
    // Sentinel variants are the same function: `ptr` takes TypedArrays and
    // addresses alike.
    for (const key of variants(name, fns[name])) define(key, bound);
    const twin = POLLED[name];
    if (fns[name].async && twin && addresses[twin[0]] !== undefined) {
      let promised: unknown;
      define(
        `${name}@async`,
        () => promised ??= polled(() => out[twin[0]] as BunFunction, twin[1]),
      );
    }
  }
  return out;
}

/** The keys of `name` itself and its sentinel variants. */
function variants(name: string, def: FnDef): string[] {
  const sentinels = def.sentinels ?? [];
  const keys = [name, ...sentinels.map((i) => `${name}@${i}`)];
  if (sentinels.length > 1) keys.push(`${name}@${sentinels.join(",")}`);
  return keys;
}

/** Libraries loaded with `RTLD_GLOBAL`, kept open for the process lifetime. */
const pinned: number[] = [];

function toNumber(pointer: Pointer): number {
  if (pointer === null) return 0;
  return Number(pointer as number | bigint);
}

/** The Bun implementation of the runtime seam. */
export const bun: Backend = {
  runtime: "bun",

  probe(path, symbol) {
    const handle = libc.dlopen(cName(path), RTLD_LAZY);
    if (!handle) return undefined;
    const found = libc.dlsym(handle, cName(symbol)) !== null;
    libc.dlclose(handle);
    return found;
  },

  preloadGlobal(path) {
    const handle = libc.dlopen(cName(path), RTLD_NOW_GLOBAL);
    if (handle) pinned.push(handle);
  },

  open(path, fns, statics, handle): OpenedLibrary {
    const lib = libc.dlopen(cName(path), RTLD_NOW_GLOBAL);
    if (!lib) throw new Error(`Cannot load '${path}'`);
    pinned.push(lib);
    const lookup = (s: string) => libc.dlsym(lib, cName(s));
    const addresses: Record<string, number> = {};
    const missing = new Set<string>();
    for (const [name, def] of Object.entries(fns)) {
      const at = lookup(name) ?? (def.fallback ? lookup(def.fallback) : null);
      if (at === null) missing.add(name);
      else addresses[name] = at;
    }
    return {
      fns: bindOnUse(fns, addresses, handle),
      statics: Object.fromEntries(statics.map((s) => [s, lookup(s)])),
      missing,
    };
  },

  pointer(address) {
    if (address === 0n) return null;
    return address <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(address)
      : address;
  },

  address(pointer) {
    if (pointer === null) return 0n;
    return BigInt(pointer as number | bigint);
  },

  addressOf(memory) {
    if (memory.byteLength > 0) return BigInt(ffi.ptr(memory));
    // `ptr` refuses empty memory; an empty view still has a place.
    if (ArrayBuffer.isView(memory) && memory.buffer.byteLength > 0) {
      return BigInt(ffi.ptr(memory.buffer)) + BigInt(memory.byteOffset);
    }
    return 0n;
  },

  // Bun writes 16 KiB of Latin-1 text as UTF-8 in 111 µs, as UTF-16 in 1 µs.
  wideText: true,

  // JavaScriptCore allocates small TypedArrays in its heap too.
  inHeapBytes: 64,

  unfilled(size) {
    return new ArrayBuffer(size);
  },

  view(pointer, byteLength) {
    if (byteLength === 0) return new ArrayBuffer(0);
    return ffi.toArrayBuffer(toNumber(pointer), 0, byteLength);
  },

  callback(def: CallbackDef, fn): NativeCallback {
    const cb = new ffi.JSCallback(fn, {
      args: def.parameters.map((p) => p === "i32" ? "i32" : "ptr"),
      returns: def.result,
    });
    return { pointer: cb.ptr, close: () => cb.close() };
  },

  detach(buffer) {
    // Views over C memory (toArrayBuffer) detach like any other buffer.
    if (!buffer.detached) buffer.transfer(0);
  },

  env(name) {
    return process.env[name];
  },

  envNames() {
    return Object.keys(process.env);
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
