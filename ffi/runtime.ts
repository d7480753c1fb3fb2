/**
 * The runtime seam in use (Deno, Node or Bun), chosen at load. Importing
 * this module does not open the MPI library: the codec's memory needs the
 * runtime alone.
 *
 * @module
 */
import type { Backend } from "./backend.ts";

async function loadBackend(): Promise<Backend> {
  if ("Deno" in globalThis) return (await import("./deno.ts")).deno;
  if ("Bun" in globalThis) return (await import("./bun.ts")).bun;
  return (await import("./node.ts")).node;
}

/**
 * The runtime seam in use.
 *
 * @example
 * ```ts
 * import { backend } from "./runtime.ts";
 * console.log(backend.runtime); // "deno", "node" or "bun"
 * ```
 */
export const backend: Backend = await loadBackend();
