// mpi4ts-test: np=2
/**
 * Values as users send them, at every size cut-off of the codec and the
 * wire (below, at and above each): every payload kind comes back exactly as
 * `structuredClone` gives it, over `send`/`recv`, `isend`/`irecv` and the
 * value collectives; received TypedArrays own their memory as documented
 * (no two values received apart share a `.buffer`, except the large arrays
 * value collectives cut from their pool; the arrays of one value, and the
 * large arrays of one collective call's values, may share one, each viewing
 * bytes of its own).
 */
import { assert, mpi, rank, test, world } from "./_util.ts";
import { payloads } from "./_values.ts";
import { OUT_OF_BAND_MIN } from "../core/codec.ts";
import { SHARED_MAX } from "../collectives/value_memory.ts";
import { rc } from "../rc.ts";

/** Every TypedArray and ArrayBuffer in a value. */
function memories(
  v: unknown,
  into: (ArrayBufferView | ArrayBuffer)[] = [],
): (ArrayBufferView | ArrayBuffer)[] {
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) into.push(v);
  else if (v instanceof Map) { for (const e of v) memories(e, into); }
  else if (v instanceof Set) { for (const e of v) memories(e, into); }
  else if (Array.isArray(v)) { for (const e of v) memories(e, into); }
  else if (v && typeof v === "object") {
    for (const e of Object.values(v)) memories(e, into);
  }
  return into;
}

const backing = (m: ArrayBufferView | ArrayBuffer) =>
  ArrayBuffer.isView(m) ? m.buffer : m;

/**
 * Ownership as documented: no memory of the sender's; TypedArrays that
 * share a buffer view bytes of their own (an ArrayBuffer is never shared at
 * all); and no `.buffer` shared by two values unless `oneCall` (the values
 * of one collective call, whose large arrays may share one).
 */
function checkOwnership(
  name: string,
  values: unknown[],
  sent: unknown,
  oneCall = false,
): void {
  const theirs = new Set(memories(sent).map(backing));
  const owner = new Map<ArrayBufferLike, number>();
  const used = new Map<ArrayBufferLike, [number, number][]>();
  values.forEach((value, i) => {
    for (const m of memories(value)) {
      const b = backing(m);
      assert.ok(!theirs.has(b), `${name}: not the sender's memory`);
      const shared = (owner.get(b) ?? i) !== i;
      assert.ok(!shared || oneCall, `${name}: two values share a .buffer`);
      assert.ok(
        !shared || m.byteLength >= OUT_OF_BAND_MIN,
        `${name}: values share a .buffer for a small array`,
      );
      owner.set(b, i);
      const [from, to] = ArrayBuffer.isView(m)
        ? [m.byteOffset, m.byteOffset + m.byteLength]
        : [0, m.byteLength];
      const ranges = used.get(b) ?? [];
      for (const [s, e] of ranges) {
        assert.ok(to <= s || e <= from, `${name}: two arrays share bytes`);
      }
      ranges.push([from, to]);
      used.set(b, ranges);
    }
  });
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
    checkOwnership(name, [got], v);
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
    checkOwnership(name, [got], v);
  }
});

test("every payload kind round-trips through the value collectives", () => {
  for (const [name, v] of payloads()) {
    if (name.startsWith("two parts")) continue; // 8 MiB a call: kept for p2p
    const want = structuredClone(v);
    assert.deepEqual(world.bcast(rank === 0 ? v : undefined, 0), want, name);
    const all = world.allgather(v);
    all.forEach((x) => assert.deepEqual(x, want, `allgather ${name}`));
    checkOwnership(`allgather ${name}`, all, v, true);
    const gathered = world.gather(v, 0);
    if (rank === 0) gathered!.forEach((x) => assert.deepEqual(x, want, name));
    else assert.equal(gathered, undefined);
    assert.deepEqual(world.scatter(rank === 0 ? [v, v] : undefined, 0), want);
    const a2a = world.alltoall([v, v]);
    a2a.forEach((x) => assert.deepEqual(x, want, `alltoall ${name}`));
    checkOwnership(`alltoall ${name}`, a2a, v, true);
  }
});

test("the large TypedArrays of one collective call share one .buffer, up to SHARED_MAX", () => {
  const size = 16384, mine = new Uint8Array(size).fill(rank + 1);
  const calls: [string, unknown[] | undefined][] = [
    ["allgather", world.allgather(mine)],
    ["alltoall", world.alltoall([mine, mine])],
    ["gather", world.gather(mine, 0)],
    ["iallgather", world.iallgather(mine).wait() as unknown[]],
    ["ialltoall", world.ialltoall([mine, mine]).wait() as unknown[]],
  ];
  for (const [name, got] of calls) {
    if (name === "gather" && rank !== 0) {
      assert.equal(got, undefined);
      continue;
    }
    const [a, b] = got as Uint8Array[];
    assert.deepEqual([a, b], [1, 2].map((x) => new Uint8Array(size).fill(x)));
    assert.equal(a.buffer, b.buffer, `${name}: one allocation`);
    checkOwnership(name, got!, mine, true);
    a.fill(7); // bytes of its own
    assert.deepEqual(b, new Uint8Array(size).fill(2), name);
  }
  // A span beyond SHARED_MAX: each value its own memory.
  const big = world.allgather(new Float64Array(SHARED_MAX / 16 + 1).fill(rank));
  assert.deepEqual(big.map((x) => (x as Float64Array)[0]), [0, 1]);
  checkOwnership("allgather beyond SHARED_MAX", big, undefined);
  // ArrayBuffers are never shared.
  const buffers = world.allgather(new ArrayBuffer(size)) as ArrayBuffer[];
  assert.ok(buffers.every((x) => x.byteLength === size));
  checkOwnership("allgather ArrayBuffer", buffers, undefined);
});

/**
 * Repeated collective calls of 16 KiB arrays, with guesses that miss
 * between them; every call's values, checked against what was sent.
 */
function repeatedCalls(): [string, number, unknown[]][] {
  const size = 16384, kept: [string, number, unknown[]][] = [];
  const fill = (call: number, from: number) =>
    new Uint8Array(size).fill(10 * call + from + 1);
  for (let call = 0; call < 4; call++) {
    const mine = fill(call, rank);
    kept.push(["allgather", call, world.allgather(mine)]);
    kept.push(["alltoall", call, world.alltoall([mine, mine])]);
    const g = world.gather(mine, 0);
    if (rank === 0) kept.push(["gather", call, g!]);
    const s = world.scatter(rank === 0 ? [mine, fill(call, 1)] : undefined, 0);
    kept.push(["scatter", call, [s, fill(call, rank)]]);
    // A guess that misses: long strings where large arrays came before.
    const text = String.fromCharCode(97 + call + rank).repeat(size);
    assert.deepEqual(
      world.allgather(text),
      [0, 1].map((r) => String.fromCharCode(97 + call + r).repeat(size)),
    );
    // Half a guess: a large array from one rank, a long string from the other.
    const mixed = world.allgather(rank === 0 ? mine : text);
    assert.deepEqual(mixed, [
      fill(call, 0),
      String.fromCharCode(98 + call).repeat(size),
    ]);
  }
  for (const [name, call, values] of kept) {
    if (name === "scatter") {
      assert.deepEqual(values[0], values[1], `scatter call ${call}`);
      values.pop();
    } else {
      const want = [0, 1].map((r) => fill(call, r));
      assert.deepEqual(values, want, `${name} call ${call}`);
    }
  }
  return kept;
}

test("values of repeated collective calls keep their bytes; pooled arrays of different calls share no bytes", () => {
  assert.equal(mpi.rc.valuePool, true);
  const kept = repeatedCalls();
  // All calls' values at once: a buffer may be shared (the pool), bytes never.
  checkOwnership("every call", kept.flatMap(([, , v]) => v), undefined, true);
  const slabs = new Set(
    kept.flatMap(([, , v]) => v as Uint8Array[]).map((a) => a.buffer),
  );
  assert.ok(
    slabs.size < kept.length,
    `${slabs.size} buffers for ${kept.length} calls`,
  );
});

test("with rc.valuePool false, values of repeated collective calls share no .buffer", () => {
  rc.valuePool = false;
  try {
    const seen = new Map<ArrayBufferLike, number>();
    repeatedCalls().forEach(([name, call, values], k) => {
      checkOwnership(`${name} call ${call}`, values, undefined, true);
      for (const v of values as Uint8Array[]) {
        const owner = seen.get(v.buffer) ?? k;
        assert.equal(owner, k, `${name} call ${call}: another call's .buffer`);
        seen.set(v.buffer, k);
      }
    });
  } finally {
    rc.valuePool = true;
  }
});

test("a replaced pickle's values own their bytes: nothing is shared", () => {
  const { dumps, loads } = mpi.pickle;
  mpi.pickle.dumps = (v) => new Uint8Array(v as Uint8Array);
  mpi.pickle.loads = (b) => b.slice(); // its bytes are valid during the call
  try {
    const all = world.allgather(new Uint8Array(16384).fill(rank + 1));
    assert.deepEqual(all.map((x) => (x as Uint8Array)[0]), [1, 2]);
    checkOwnership("allgather, replaced pickle", all, undefined);
  } finally {
    mpi.pickle.dumps = dumps;
    mpi.pickle.loads = loads;
  }
});
