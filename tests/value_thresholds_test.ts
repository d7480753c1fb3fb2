// mpi4ts-test: np=2
/**
 * Values as users send them, at every size cut-off of the codec and the
 * wire (below, at and above each): every payload kind comes back exactly as
 * `structuredClone` gives it, over `send`/`recv`, `isend`/`irecv` and the
 * value collectives; received TypedArrays own their memory as documented
 * (at most one value per message views the received message; no two
 * values share a `.buffer`); and a long mixed receive loop does not grow
 * the process. `MPI4TS_SOAK_ROUNDS=N` runs N messages instead of 3,000.
 */
import { assert, mpi, rank, test, world } from "./_util.ts";
import { OUT_OF_BAND_MIN, ZERO_COPY_MIN } from "../core/codec.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const SOAK: string | undefined = g.Deno?.env.get("MPI4TS_SOAK_ROUNDS") ??
  g.process?.env?.MPI4TS_SOAK_ROUNDS;

/** Strings up to this many units are copied by a loop (core/codec.ts). */
const SHORT_STRING = 64;
/** Multi-part messages up to this size are copied into one buffer (comm/wire.ts). */
const GATHER_MAX = 4 << 20;

function filled(n: number): Uint8Array {
  return new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
}

/** Sizes around a cut-off. */
const around = (n: number) => [n - 1, n, n + 1];

function payloads(): [string, unknown][] {
  const out: [string, unknown][] = [
    ["small record", { a: 1, b: [1, 2, 3], c: "hello" }],
    [
      "records",
      Array.from({ length: 100 }, (_, i) => ({
        id: i,
        name: `item${i}`,
        score: i + 0.5,
        tags: ["a", "b"],
        ok: i % 2 === 0,
      })),
    ],
    ["numbers", Array.from({ length: 1000 }, (_, i) => i * 1.25 - 7)],
    ["map", new Map<unknown, unknown>([[1, "a"], ["k", { x: [1n] }]])],
    ["set", new Set([1, "two", 3.5, null])],
    ["nested map in set", new Set([new Map([[new Set([1]), [2]]])])],
    ["lone surrogate", "x\ud800y"],
  ];
  for (const n of [...around(SHORT_STRING), 8, 9, 1024, 16384]) {
    out.push([`ascii ${n}`, "a".repeat(n - 1) + "z"]);
    out.push([`non-ascii ${n}`, "é".repeat(n)]);
  }
  for (const n of [...around(OUT_OF_BAND_MIN), ...around(ZERO_COPY_MIN - 32)]) {
    out.push([`Uint8Array ${n}`, filled(n)]);
    out.push([`two Uint8Array ${n}`, [filled(n), filled(n + 8)]]);
    out.push([`ArrayBuffer ${n}`, filled(n).buffer]);
  }
  for (const n of around(OUT_OF_BAND_MIN / 8)) {
    out.push([`Float64Array ${n}`, {
      x: new Float64Array(n).fill(1.5),
      y: new Float64Array(n).fill(-2),
    }]);
  }
  // Multi-part messages around the copy-or-datatype cut-off of the wire.
  for (const n of around(GATHER_MAX / 2)) {
    out.push([`two parts, ${n} B each`, [filled(n), filled(n)]]);
  }
  return out;
}

/** Every ArrayBuffer a value's TypedArrays and ArrayBuffers use. */
function buffers(v: unknown, into: ArrayBufferLike[] = []): ArrayBufferLike[] {
  if (ArrayBuffer.isView(v)) into.push(v.buffer);
  else if (v instanceof ArrayBuffer) into.push(v);
  else if (v instanceof Map) { for (const e of v) buffers(e, into); }
  else if (v instanceof Set) { for (const e of v) buffers(e, into); }
  else if (Array.isArray(v)) { for (const e of v) buffers(e, into); }
  else if (v && typeof v === "object") {
    for (const e of Object.values(v)) buffers(e, into);
  }
  return into;
}

function checkOwnership(name: string, back: unknown, sent: unknown): void {
  const got = buffers(back);
  assert.equal(new Set(got).size, got.length, `${name}: no shared .buffer`);
  for (const b of got) {
    assert.ok(!buffers(sent).includes(b), `${name}: not the sender's memory`);
  }
}

test("every payload kind round-trips over send/recv at each cut-off", () => {
  for (const [name, v] of payloads()) {
    let got: unknown;
    if (rank === 0) {
      world.send(v, 1, 3);
      got = world.recv(1, 3);
    } else {
      got = world.recv(0, 3);
      world.send(got, 0, 3);
    }
    assert.deepEqual(got, structuredClone(v), `${name} (rank ${rank})`);
    checkOwnership(name, got, v);
  }
});

test("every payload kind round-trips over isend/irecv at each cut-off", () => {
  const other = 1 - rank;
  for (const [name, v] of payloads()) {
    const r = world.irecv(other, 4);
    const s = world.isend(v, other, 4);
    const got = r.wait();
    s.wait();
    assert.deepEqual(got, structuredClone(v), `${name} (rank ${rank})`);
    checkOwnership(name, got, v);
  }
});

test("every payload kind round-trips through the value collectives", () => {
  for (const [name, v] of payloads()) {
    if (name.startsWith("two parts")) continue; // 8 MiB a call: kept for p2p
    const want = structuredClone(v);
    assert.deepEqual(world.bcast(rank === 0 ? v : undefined, 0), want, name);
    const all = world.allgather(v);
    all.forEach((x) => assert.deepEqual(x, want, `allgather ${name}`));
    checkOwnership(`allgather ${name}`, all, v);
    const gathered = world.gather(v, 0);
    if (rank === 0) gathered!.forEach((x) => assert.deepEqual(x, want, name));
    else assert.equal(gathered, undefined);
    assert.deepEqual(world.scatter(rank === 0 ? [v, v] : undefined, 0), want);
    const a2a = world.alltoall([v, v]);
    a2a.forEach((x) => assert.deepEqual(x, want, `alltoall ${name}`));
    checkOwnership(`alltoall ${name}`, a2a, v);
  }
});

function rss(): number {
  return g.Deno ? g.Deno.memoryUsage().rss : g.process.memoryUsage().rss;
}

/** Mixed messages: what a long-running program sends, over and over. */
function soak(rounds: number): void {
  const mix = payloads().filter(([n]) => !n.startsWith("two parts"));
  const other = 1 - rank;
  let early = 0;
  for (let i = 0; i < rounds; i++) {
    const [, v] = mix[i % mix.length];
    if ((i + rank) % 2 === 0) world.send(v, other, 5);
    else world.recv(other, 5);
    if (i === 1000) early = rss();
  }
  const late = rss();
  assert.ok(
    late < 2 * early,
    `RSS ${late >> 20} MiB after ${rounds} messages vs ${
      early >> 20
    } MiB after 1,000`,
  );
}

test("RSS stays flat over a mixed receive loop (3,000 messages)", () => {
  soak(3000);
});

test({
  name: "RSS stays flat over a long mixed receive loop (MPI4TS_SOAK_ROUNDS)",
  ignore: SOAK === undefined,
  fn: () => soak(Number(SOAK)),
});

test("a corrupt value message is one TypeError, and both ranks keep working", () => {
  // Raw bytes sent with Send, received with recv.
  if (rank === 0) world.Send(new Uint8Array([1, 2, 3, 4, 5, 6, 7]), 1, 6);
  if (rank === 1) {
    assert.throws(
      () => world.recv(0, 6),
      (e: unknown) =>
        e instanceof TypeError && /value message is corrupt/.test(e.message) &&
        e.cause instanceof Error,
    );
  }
  const v = { after: [1, "ok"] };
  assert.deepEqual(world.bcast(rank === 0 ? v : undefined, 0), v);
  assert.deepEqual(world.allgather(rank), [0, 1]);
  void mpi;
});
