// mpi4ts-test: np=1
/**
 * The shape of the sources: run-time imports point one way, from `mod.ts`
 * down through the public classes and the per-area modules to `core/` and
 * `ffi/`, and `mod.ts` exports only public classes. Type-only imports may
 * point back (they vanish at run time). Reads the TypeScript sources, so
 * it runs under Deno only; it needs no MPI.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "./_harness.ts";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));

/** Folders from the bottom up: a module may import only its own or lower ones. */
const LAYERS = [
  "ffi/process.ts", // the runtime's process (arguments, environment, exit): a leaf
  ".", // rc.ts, version.ts: options and facts every layer reads
  "ffi",
  "core",
  "collectives",
  "process", // returns handles; the classes in comm/ wrap them
  "comm",
  "rma",
  "io",
  "util",
  "futures",
  "top", // mod.ts, cli.ts
];

/** The one run-time cycle, kept safe by building its tables on first use (see ARCHITECTURE.md). */
const ALLOWED_CYCLES = ["core/buffer.ts → core/datatype.ts → core/pack.ts"];

function layerOf(file: string): string {
  if (file === "mod.ts" || file === "cli.ts") return "top";
  if (file === "ffi/process.ts") return file;
  return file.includes("/") ? file.split("/")[0] : ".";
}

function sources(dir = ROOT): string[] {
  const skip = new Set([
    "node_modules",
    "npm",
    "tests",
    "bench",
    "scripts",
    "examples",
  ]);
  return [...Deno.readDirSync(dir)].flatMap(({ name, isDirectory }) => {
    const path = join(dir, name);
    if (name.startsWith(".") || skip.has(name)) return [];
    if (isDirectory) return sources(path);
    return name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

/** The run-time imports of `file` (no `import type`, no all-type lists). */
function runtimeImports(file: string): string[] {
  const text = Deno.readTextFileSync(join(ROOT, file));
  const found: string[] = [];
  const re = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"(\.[^"]+)"/gms;
  for (const [, typeOnly, names, spec] of text.matchAll(re)) {
    if (typeOnly) continue;
    const items = names.trim().startsWith("{")
      ? names.replace(/[{}]/g, "").split(",").map((s) => s.trim()).filter(
        Boolean,
      )
      : [names];
    if (items.every((i) => i.startsWith("type "))) continue;
    found.push(normalize(join(dirname(file), spec)));
  }
  return found;
}

const graph = new Map(sources().map((f) => [f, runtimeImports(f)]));

test("run-time imports point down the layers", () => {
  const upward: string[] = [];
  for (const [file, deps] of graph) {
    for (const dep of deps) {
      if (LAYERS.indexOf(layerOf(dep)) > LAYERS.indexOf(layerOf(file))) {
        upward.push(`${file} → ${dep}`);
      }
    }
  }
  assert.deepEqual(upward, []);
  assert.ok(graph.size > 40, `read ${graph.size} modules`);
});

test("no run-time import cycle but the documented one", () => {
  const cycles = new Set<string>();
  const visit = (file: string, path: string[]) => {
    for (const dep of graph.get(file) ?? []) {
      const at = path.indexOf(dep);
      if (at >= 0) {
        const ring = path.slice(at);
        const first = ring.indexOf([...ring].sort()[0]);
        cycles.add([...ring.slice(first), ...ring.slice(0, first)].join(" → "));
      } else if (path.length < 40) visit(dep, [...path, dep]);
    }
  };
  for (const file of graph.keys()) visit(file, [file]);
  assert.deepEqual([...cycles].sort(), ALLOWED_CYCLES);
});

/** mpi4py's classes, one per MPI object, and the buffer sentinels' class. */
const PUBLIC_CLASSES = new Set([
  "Cartcomm",
  "Comm",
  "Datatype",
  "Distgraphcomm",
  "Errhandler",
  "File",
  "Graphcomm",
  "Group",
  "Info",
  "Intercomm",
  "Intracomm",
  "Message",
  "MPIError",
  "Op",
  "Prequest",
  "Request",
  "Sentinel",
  "Session",
  "Status",
  "Topocomm",
  "Win",
]);

test("mod.ts exports no internal class", async () => {
  const mpi = await import("../mod.ts");
  const classes = Object.entries(mpi)
    .filter(([, v]) => typeof v === "function" && /^class\b/.test(String(v)))
    .map(([k]) => k);
  assert.ok(classes.includes("Cartcomm"), classes.join(", "));
  assert.deepEqual(classes.filter((k) => !PUBLIC_CLASSES.has(k)), []);
});
