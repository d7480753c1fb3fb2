/**
 * The Deno backend: `Deno.dlopen` and friends.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import type { Backend, NativeCallback, OpenedLibrary } from "./backend.ts";
import type { CallbackDef, FnDef, NativeType, Pointer } from "./types.ts";

const RTLD_NOW_GLOBAL = 0x102;

function nativeOf(
  kind: NativeType,
  handle: "pointer" | "i32",
): Deno.NativeType {
  return kind === "handle" ? handle : kind;
}

/** Deno entries for one table entry: the symbol, its sentinel variants, its async twin. */
function denoEntries(
  name: string,
  def: FnDef,
  handle: "pointer" | "i32",
): [string, Deno.ForeignFunction][] {
  const parameters = def.parameters.map((p) => nativeOf(p, handle));
  const base = { parameters, result: def.result, optional: true } as const;
  const out: [string, Deno.ForeignFunction][] = [[name, { ...base, name }]];
  const sentinels = def.sentinels ?? [];
  for (const i of sentinels) {
    const variant = parameters.slice();
    variant[i] = "pointer";
    out.push([`${name}@${i}`, { ...base, parameters: variant, name }]);
  }
  if (sentinels.length > 1) {
    // All sentinel positions at once: `<symbol>@3,6`.
    const variant = parameters.map((p, i) =>
      sentinels.includes(i) ? "pointer" : p
    );
    out.push([`${name}@${sentinels.join(",")}`, {
      ...base,
      parameters: variant,
      name,
    }]);
  }
  if (def.async) {
    out.push([`${name}@async`, { ...base, name, nonblocking: true }]);
  }
  return out;
}

function bindAll(
  fns: Record<string, FnDef>,
  handle: "pointer" | "i32",
): Record<string, Deno.ForeignFunction> {
  const table: Record<string, Deno.ForeignFunction> = {};
  for (const [name, def] of Object.entries(fns)) {
    for (const [key, entry] of denoEntries(name, def, handle)) {
      table[key] = entry;
    }
    if (def.fallback) {
      for (const [key, entry] of denoEntries(def.fallback, def, handle)) {
        table[`fallback:${key}`] = entry;
      }
    }
  }
  return table;
}

/**
 * The entries whose C symbol the library exports, each name's own symbol
 * preferred to its fallback; and the names with neither.
 */
function available(
  fns: Record<string, FnDef>,
  table: Record<string, Deno.ForeignFunction>,
  exported: (symbol: string) => boolean,
): { entries: Record<string, Deno.ForeignFunction>; missing: Set<string> } {
  const entries: Record<string, Deno.ForeignFunction> = {};
  const missing = new Set<string>();
  for (const [key, entry] of Object.entries(table)) {
    if (key.startsWith("fallback:")) continue;
    const name = key.split("@")[0];
    const fallback = fns[name].fallback;
    const alt = fallback
      ? table[`fallback:${key.replace(name, fallback)}`]
      : null;
    const chosen = exported(entry.name as string)
      ? entry
      : alt && exported(alt.name as string)
      ? alt
      : null;
    if (chosen) entries[key] = chosen;
    else missing.add(name);
  }
  return { entries, missing };
}

/**
 * Functions bound on first use. Binding compiles a call trampoline, about
 * 0.17 ms a function (0.1 s for the whole table, most of `import`'s time),
 * and a program calls few of them. Each stays a getter of its own bound
 * function: replacing the getter by the function would change the table's
 * shape, and V8 then drops every optimized function that calls into the
 * table (a hot loop re-optimized over 0.5 s after a program's first
 * `Barrier`).
 */
function bindOnUse(
  path: string,
  entries: Record<string, Deno.ForeignFunction>,
): OpenedLibrary["fns"] {
  const fns = {};
  for (const [key, entry] of Object.entries(entries)) {
    let fn: unknown;
    Object.defineProperty(fns, key, {
      enumerable: true,
      get: () => fn ??= Deno.dlopen(path, { fn: entry }).symbols.fn,
    });
  }
  return fns;
}

let libc:
  | Deno.DynamicLibrary<{
    dlopen: { parameters: ["buffer", "i32"]; result: "pointer" };
  }>
  | undefined;

const exitHooks: (() => void)[] = [];

/** The Deno implementation of the runtime seam. */
export const deno: Backend = {
  runtime: "deno",

  probe(path, symbol) {
    let lib;
    try {
      lib = Deno.dlopen(path, {
        [symbol]: { type: "pointer", optional: true },
      } as Record<string, Deno.ForeignStatic>);
    } catch (error) {
      // Without --allow-ffi every library "fails to load": say so instead
      // of sending people to reinstall MPI.
      const name = (error as Error)?.name;
      if (name === "NotCapable" || name === "PermissionDenied") {
        throw new Error(
          "mpi4ts needs permission to load the MPI library (missing: --allow-ffi). " +
            "Run with 'deno run -A main.ts', or 'deno run --allow-ffi --allow-env main.ts'",
          { cause: error },
        );
      }
      return undefined;
    }
    const found = lib.symbols[symbol] !== null;
    lib.close();
    return found;
  },

  preloadGlobal(path) {
    libc ??= Deno.dlopen("libc.so.6", {
      dlopen: { parameters: ["buffer", "i32"], result: "pointer" },
    });
    libc.symbols.dlopen(new TextEncoder().encode(path + "\0"), RTLD_NOW_GLOBAL);
  },

  open(path, fns, statics, handle) {
    const table = bindAll(fns, handle);
    // One look-up of every symbol's address (cheap: no trampolines) tells
    // which exist; the functions themselves are bound on first use.
    const lookup: Record<string, Deno.ForeignStatic> = {};
    for (const s of statics) lookup[s] = { type: "pointer", optional: true };
    for (const entry of Object.values(table)) {
      lookup[entry.name as string] = { type: "pointer", optional: true };
    }
    const found = Deno.dlopen(path, lookup).symbols as Record<string, Pointer>;
    const { entries, missing } = available(
      fns,
      table,
      (symbol) => found[symbol] !== null,
    );
    return {
      fns: bindOnUse(path, entries),
      statics: Object.fromEntries(statics.map((s) => [s, found[s]])),
      missing,
    };
  },

  pointer(address) {
    return Deno.UnsafePointer.create(address);
  },

  address(pointer) {
    if (typeof pointer === "bigint") return pointer;
    return BigInt(Deno.UnsafePointer.value(pointer as Deno.PointerValue));
  },

  addressOf(memory) {
    return BigInt(
      Deno.UnsafePointer.value(
        Deno.UnsafePointer.of(memory as BufferSource),
      ),
    );
  },

  detach(buffer) {
    if (!buffer.detached) buffer.transfer(0);
  },

  // Deno writes UTF-16 slowly (150 µs for 16 KiB) and reads UTF-8 fast (3 µs).
  wideText: false,

  // Deno's V8 gives even a 16-byte TypedArray memory outside its heap:
  // `new Uint8Array(16)` costs what `new ArrayBuffer(16)` does (1.1 µs).
  inHeapBytes: 0,

  unfilled(size) {
    return new ArrayBuffer(size); // no unfilled allocation here
  },

  view(pointer, byteLength) {
    if (byteLength === 0) return new ArrayBuffer(0);
    return Deno.UnsafePointerView.getArrayBuffer(
      pointer as Deno.PointerObject,
      byteLength,
    );
  },

  callback(def: CallbackDef, fn): NativeCallback {
    const cb = new Deno.UnsafeCallback(
      {
        parameters: def.parameters.map((p) => p === "handle" ? "pointer" : p),
        result: def.result,
      } as Deno.UnsafeCallbackDefinition,
      fn as Deno.UnsafeCallbackFunction,
    );
    return { pointer: cb.pointer, close: () => cb.close() };
  },

  env(name) {
    try {
      return Deno.env.get(name);
    } catch {
      return undefined;
    }
  },

  envNames() {
    try {
      return Object.keys(Deno.env.toObject());
    } catch {
      return [];
    }
  },

  immediate(fn) {
    setImmediate(fn);
  },

  onExit(fn, first) {
    if (exitHooks.length === 0) {
      globalThis.addEventListener("unload", () => {
        for (const hook of exitHooks.splice(0)) hook();
      });
    }
    if (first) exitHooks.unshift(fn);
    else exitHooks.push(fn);
  },

  onUncaught(fn) {
    globalThis.addEventListener("error", (e) => {
      e.preventDefault();
      fn(e.error);
    });
    globalThis.addEventListener("unhandledrejection", (e) => {
      e.preventDefault();
      fn(e.reason);
    });
  },

  writeError(text) {
    Deno.stderr.writeSync(new TextEncoder().encode(text));
  },

  exit(code) {
    Deno.exit(code);
  },
};
