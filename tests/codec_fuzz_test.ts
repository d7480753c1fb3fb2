// mpi4ts-test: np=1
/**
 * Malformed value messages: whatever bytes arrive (mutated, truncated,
 * extended or random), `decode` returns a value or throws its one
 * documented error, a `TypeError` saying the value message is corrupt with
 * the low-level error as `cause`, and never takes long (it allocates no
 * more than the message's size allows). `MPI4TS_FUZZ_ROUNDS=N` runs N
 * messages instead of the suite's 100,000.
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { decode, encode, writeMessage } from "../core/codec.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const ROUNDS_ENV: string | undefined = g.Deno?.env.get("MPI4TS_FUZZ_ROUNDS") ??
  g.process?.env?.MPI4TS_FUZZ_ROUNDS;

/** A small seeded generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function message(v: unknown): Uint8Array {
  const e = encode(v);
  return writeMessage(e, new Uint8Array(e.byteLength));
}

const shared = { s: 1 };
/** Valid messages of every tag and path of the codec, to mutate. */
const SEEDS: Uint8Array[] = [
  { a: 1, b: [1, 2, 3], c: "hello" },
  [shared, shared, { self: null as unknown }],
  Array.from({ length: 20 }, (_, i) => ({ id: i, name: `n${i}`, x: i + 0.5 })),
  "a".repeat(300),
  "é€𝄞".repeat(20),
  "\ud800 lone surrogate (v8 path)",
  [1n, -(2n ** 70n), 2n ** 64n, true, false, null, undefined, -0, NaN],
  new Date(0),
  new Map<unknown, unknown>([[1, "a"], ["k", [1, 2]]]),
  new Set([1, "x", 2.5]),
  new Float64Array([1.5, -2, 3]),
  new Uint8Array(20000),
  [new Uint8Array(9000), new Int32Array(2500), new ArrayBuffer(10)],
  { x: new Float64Array(1000), y: new Int16Array(7) },
  new DataView(new ArrayBuffer(12)),
  /regex/g,
  [1, , 3], // sparse: v8 path
].map(message);

/** One malformed message: a mutation, truncation or extension of a seed, or random bytes. */
function mutant(next: () => number): Uint8Array {
  const int = (n: number) => Math.floor(next() * n);
  const kind = int(6);
  if (kind === 0) {
    const m = new Uint8Array(int(64));
    for (let i = 0; i < m.length; i++) m[i] = int(256);
    return m;
  }
  const seed = SEEDS[int(SEEDS.length)];
  if (kind === 1) return seed.slice(0, int(seed.length));
  let m = seed.slice();
  if (kind === 2) {
    m = new Uint8Array(seed.length + int(16));
    m.set(seed);
    for (let i = seed.length; i < m.length; i++) m[i] = int(256);
  }
  const flips = 1 + int(kind === 5 ? 16 : 3);
  for (let f = 0; f < flips; f++) {
    // Mostly near the start, where headers, tags and lengths live.
    const at = next() < 0.7 ? int(Math.min(m.length, 64)) : int(m.length);
    if (kind === 4) {
      // A length word set to something huge or odd.
      const v = [0xffffffff, 0x7fffffff, 0x80000000, 1 << 20, 3][int(5)];
      new DataView(m.buffer).setUint32(
        Math.min(at, Math.max(0, m.length - 4)),
        v,
        true,
      );
    } else {
      m[at] = next() < 0.5 ? m[at] ^ (1 << int(8)) : int(256);
    }
  }
  return m;
}

function fuzz(rounds: number, seed: number): void {
  const next = rng(seed);
  let corrupt = 0;
  const slow: [number, Uint8Array][] = [];
  for (let i = 0; i < rounds; i++) {
    const m = mutant(next);
    const t0 = performance.now();
    try {
      decode(m);
    } catch (error) {
      corrupt++;
      if (
        !(error instanceof TypeError) ||
        !error.message.startsWith("value message is corrupt") ||
        error.cause === undefined
      ) {
        throw new Error(
          `message ${i} (seed ${seed}): ${error} — bytes ${
            Array.from(m.slice(0, 48)).join(",")
          }`,
        );
      }
    }
    const dt = performance.now() - t0;
    if (slow.length < 5 || dt > slow[4][0]) {
      slow.push([dt, m]);
      slow.sort((a, b) => b[0] - a[0]);
      slow.length = Math.min(slow.length, 5);
    }
  }
  assert.ok(corrupt > rounds / 2, `${corrupt} of ${rounds} were rejected`);
  // A decode that allocated what a corrupt length word asks for took 0.3 s.
  // The slowest few are timed again (best of 3): a busy machine's pauses
  // hit any one call.
  for (const [, m] of slow) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      try {
        decode(m);
      } catch { /* corrupt, as checked above */ }
      best = Math.min(best, performance.now() - t0);
    }
    assert.ok(
      best < LIMIT_MS,
      `a ${m.length}-byte message took ${best} ms: ${[...m]}`,
    );
  }
}

/**
 * Per message. Bun's `node:v8` deserializer (JavaScriptCore's format) takes
 * seconds on some garbage of a few dozen bytes, which the codec hands it
 * for values it leaves to `node:v8`; that is Bun's, not the codec's.
 */
const LIMIT_MS = "Bun" in globalThis ? 5_000 : 50;

test("100,000 mutated, truncated and random messages decode or throw the corrupt-message TypeError", () => {
  fuzz(100_000, 1);
});

test({
  name: "long fuzz run (MPI4TS_FUZZ_ROUNDS)",
  ignore: ROUNDS_ENV === undefined &&
    "opt-in: set MPI4TS_FUZZ_ROUNDS=N for a longer run",
  fn: () => fuzz(Number(ROUNDS_ENV), Date.now() | 0),
});

test("the corrupt-message error names the low-level cause", () => {
  const garbage = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  const err = (() => {
    try {
      decode(garbage);
    } catch (e) {
      return e as TypeError;
    }
  })();
  assert.ok(err instanceof TypeError);
  assert.match(err.message, /^value message is corrupt/);
  assert.ok(err.cause instanceof Error);
  // A length word claiming 4 GiB is refused before anything is allocated.
  const m = message([1, 2, 3]);
  new DataView(m.buffer).setUint32(17, 0xffffffff, true);
  const t0 = performance.now();
  assert.throws(() => decode(m), /value message is corrupt/);
  assert.ok(performance.now() - t0 < 100);
});
