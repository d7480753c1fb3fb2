/**
 * Measuring whether freed heap memory goes back to the kernel: shared by
 * `heap_test.ts` and its fixture.
 *
 * @module
 */
import process from "node:process";
import { openLibc } from "../ffi/lib.ts";
import type { FnDef } from "../ffi/types.ts";

const table = {
  malloc: { parameters: ["i64"], result: "pointer" },
  free: { parameters: ["pointer"], result: "void" },
  memset: { parameters: ["pointer", "i32", "i64"], result: "pointer" },
  mallopt: { parameters: ["i32", "i32"], result: "i32" },
} as const satisfies Record<string, FnDef>;

let bound: ReturnType<typeof openLibc<typeof table>> | undefined;

/** libc's allocator functions (opened on first use: glibc only). */
export function libc(): ReturnType<typeof openLibc<typeof table>> {
  return bound ??= openLibc(table);
}

/** Under glibc's default mmap threshold: taken from the heap. */
export const SMALL = 64 << 10;
/** Over glibc's default mmap threshold: mapped for itself there. */
export const LARGE = 1 << 20;
/** Bytes `growAndFree` allocates: more than the pad, so the heap has to grow. */
export const GROW = 24 << 20;

const rss = () => process.memoryUsage.rss();

/**
 * Resident bytes before, after allocating and touching `GROW` bytes in
 * chunks of `chunk` bytes, and after freeing them (whichever arena this
 * thread allocates from).
 */
export function growAndFree(chunk = SMALL): [number, number, number] {
  // The functions themselves, read once: nothing else runs between the
  // calls that could take memory from the heap's top.
  const { malloc, memset, free } = libc(), before = rss();
  const chunks = [];
  for (let i = 0; i < GROW / chunk; i++) {
    const p = malloc(BigInt(chunk));
    if (p === null) throw new Error("malloc failed");
    memset(p, 1, BigInt(chunk)); // resident; and nothing else allocated here
    chunks.push(p);
  }
  const grown = rss();
  for (let i = chunks.length - 1; i >= 0; i--) free(chunks[i]);
  return [before, grown, rss()];
}
