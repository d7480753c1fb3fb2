/**
 * How the C library's allocator gives freed memory back, which sets what
 * received values cost. V8 takes each `ArrayBuffer`'s memory from `malloc`.
 * glibc returns the free top of its heap to the kernel once it exceeds 128
 * KiB (more, as its threshold adapts), so a process that frees and allocates
 * value buffers of tens of KiB in turn shrinks and regrows its heap again and
 * again: a system call each way, and page faults on every page it touches
 * again. On a guest whose kernel flushes the TLB on every system call, that
 * made a 16 KiB `alltoall` 18% slower when its values shared one buffer. MPI
 * libraries that keep memory registered turn trimming off the same way.
 *
 * Setting the trim threshold also freezes glibc's mmap threshold at 128
 * KiB (it adapts only while neither is set), so from then on every larger
 * buffer would be mapped for itself and unmapped when freed, its pages
 * faulted again on the next: a 1 MiB `Uint8Array` ping-pong took 365 µs
 * one-way, 256 µs with larger buffers taken from the heap. The mmap
 * threshold is therefore set where glibc's adaptation stops (32 MiB).
 *
 * @module
 */
import { backend, openLibc } from "./lib.ts";
import type { Bound, FnDef } from "./types.ts";

const table = {
  mallopt: {
    parameters: [
      "i32", // int param
      "i32", // int value
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

const M_TRIM_THRESHOLD = -1;
const M_TOP_PAD = -2;
const M_MMAP_THRESHOLD = -3;

/** Free heap top kept rather than returned to the kernel. */
export const KEEP_FREE = 64 << 20;
/** Extra heap taken with each growth, so growing is rare (untouched pages cost no memory). */
export const TOP_PAD = 16 << 20;
/** Buffers up to this size come from the heap, not a mapping of their own (glibc's adaptive maximum). */
export const MMAP_MIN = 32 << 20;

/**
 * Tells glibc's allocator to keep up to `KEEP_FREE` bytes of freed heap for
 * reuse, and to take buffers up to `MMAP_MIN` bytes from it. Returns whether it took effect: false without glibc (musl, macOS),
 * or when the user chose their own settings through glibc's environment
 * variables, which are left alone.
 *
 * @example
 * ```ts
 * if (!keepFreedMemory()) console.error("allocator settings unchanged");
 * ```
 */
export function keepFreedMemory(): boolean {
  if (
    backend.env("MALLOC_TRIM_THRESHOLD_") !== undefined ||
    backend.env("MALLOC_TOP_PAD_") !== undefined ||
    backend.env("MALLOC_MMAP_THRESHOLD_") !== undefined ||
    /malloc\.(trim_threshold|top_pad|mmap_threshold)/.test(
      backend.env("GLIBC_TUNABLES") ?? "",
    )
  ) {
    return false;
  }
  let libc: Bound<typeof table>;
  try {
    libc = openLibc(table);
  } catch {
    return false;
  }
  return libc.mallopt(M_TRIM_THRESHOLD, KEEP_FREE) === 1 &&
    libc.mallopt(M_TOP_PAD, TOP_PAD) === 1 &&
    libc.mallopt(M_MMAP_THRESHOLD, MMAP_MIN) === 1;
}
