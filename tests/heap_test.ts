// mpi4ts-test: np=1
/**
 * `rc.keepFreedMemory`: once mpi4ts is loaded, memory freed at the top of
 * glibc's heap stays with the process for the next allocations instead of
 * going back to the kernel (which it does with glibc's own settings, as the
 * control shows), and glibc's own environment variables take precedence.
 */
import process from "node:process";
import { assert, mpi, test } from "./_util.ts";
import { backend } from "../ffi/lib.ts";
import { KEEP_FREE, keepFreedMemory, TOP_PAD } from "../ffi/heap.ts";
import type { Bound, FnDef } from "../ffi/types.ts";

const table = {
  malloc: { parameters: ["i64"], result: "pointer" },
  free: { parameters: ["pointer"], result: "void" },
  memset: { parameters: ["pointer", "i32", "i64"], result: "pointer" },
  mallopt: { parameters: ["i32", "i32"], result: "i32" },
} as const satisfies Record<string, FnDef>;

const glibc = backend.probe("libc.so.6", "mallopt") === true;
const ownSettings = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"]
  .some((name) => process.env[name] !== undefined);
const SKIP = !glibc
  ? "needs glibc"
  : ownSettings
  ? "glibc's MALLOC_ variables are set in this environment"
  : false;

const CHUNK = 64 << 10; // under glibc's mmap threshold: taken from the heap
const GROW = 24 << 20; // more than TOP_PAD, so the heap has to grow
const rss = () => process.memoryUsage.rss();

/**
 * Resident bytes before, after allocating and touching `GROW` bytes, and
 * after freeing them (whichever arena this thread allocates from).
 */
function growAndFree(c: Bound<typeof table>): [number, number, number] {
  const before = rss();
  const chunks = [];
  for (let i = 0; i < GROW / CHUNK; i++) {
    const p = c.malloc(BigInt(CHUNK));
    assert.ok(p !== null);
    c.memset(p, 1, BigInt(CHUNK)); // resident; and nothing else allocated here
    chunks.push(p);
  }
  const grown = rss();
  for (let i = chunks.length - 1; i >= 0; i--) c.free(chunks[i]);
  return [before, grown, rss()];
}

test({
  name: "freed heap memory stays with the process; glibc's defaults return it",
  ignore: SKIP,
  fn: () => {
    assert.equal(mpi.rc.keepFreedMemory, true);
    assert.ok(KEEP_FREE > GROW + TOP_PAD, "the test frees less than is kept");
    const c = backend.open("libc.so.6", table, [], "i32")
      .fns as unknown as Bound<typeof table>;
    try {
      // Control: glibc's default trim threshold and no pad.
      assert.equal(c.mallopt(-1, 128 << 10), 1); // M_TRIM_THRESHOLD
      assert.equal(c.mallopt(-2, 0), 1); // M_TOP_PAD
      const [b0, b1, b2] = growAndFree(c);
      assert.ok(
        b1 - b0 >= GROW / 2,
        `resident memory grew by ${b1 - b0} bytes`,
      );
      assert.ok(b1 - b2 >= GROW / 2, `returned only ${b1 - b2} bytes`);
    } finally {
      assert.equal(keepFreedMemory(), true);
    }
    const [k0, k1, k2] = growAndFree(c);
    assert.ok(k1 - k0 >= GROW / 2, `resident memory grew by ${k1 - k0} bytes`);
    assert.ok(k1 - k2 < GROW / 8, `returned ${k1 - k2} bytes to the kernel`);
  },
});

test({
  name: "glibc's own MALLOC_TRIM_THRESHOLD_ is left alone",
  ignore: !glibc && "needs glibc",
  fn: () => {
    const had = process.env.MALLOC_TRIM_THRESHOLD_;
    process.env.MALLOC_TRIM_THRESHOLD_ = "131072";
    try {
      assert.equal(keepFreedMemory(), false);
    } finally {
      if (had === undefined) delete process.env.MALLOC_TRIM_THRESHOLD_;
      else process.env.MALLOC_TRIM_THRESHOLD_ = had;
    }
  },
});
