import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  next,
  prev,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

const circular: Record<string, unknown> = { name: "loop" };
circular.self = circular;
const shared = { s: 1 };

/** Values every structured-clone implementation must round-trip. */
const MESSAGES: unknown[] = [
  undefined,
  null,
  true,
  false,
  -7,
  0,
  -0,
  7,
  2 ** 53 - 1,
  -2.17,
  NaN,
  Infinity,
  12345678901234567890n,
  -(2n ** 200n),
  "",
  "mpi4ts",
  "ünïcødé ✓ 𝄞",
  [1, "two", [3n, null]],
  { a: 7, b: [1n, "x"] },
  new Map<unknown, unknown>([[1, "a"], ["k", { v: [1, 2] }]]),
  new Set([1, "x", 3n]),
  new Date(1700000000000),
  /ab+c/gi,
  new Uint8Array([1, 2, 3]),
  new Float64Array([1.5, -2.5, Math.PI]),
  new BigInt64Array([1n, -2n]),
  new Int16Array(10000).map((_, i) => i - 5000),
  new Float64Array(1 << 15).map((_, i) => i / 3),
  new ArrayBuffer(17),
  {
    nested: { deep: { deeper: [new Float32Array([1, 2]), new Map([[1, 2]])] } },
  },
  [shared, shared],
  circular,
];

function checkEqual(got: unknown, want: unknown, label: string): void {
  assert.deepStrictEqual(got, structuredClone(want), label);
}

test("send/recv chain: every kind of value reaches the last rank intact", () => {
  for (const [i, msg] of MESSAGES.entries()) {
    if (size === 1) {
      const r = world.isend(msg, 0, i);
      checkEqual(world.recv(0, i), msg, `value ${i}`);
      r.wait();
      continue;
    }
    if (rank === 0) world.send(msg, 1, i);
    if (rank > 0) {
      const got = world.recv(rank - 1, i);
      checkEqual(got, msg, `value ${i} at rank ${rank}`);
      if (rank < size - 1) world.send(got, rank + 1, i);
    }
  }
});

test("shared references and cycles keep their identity", () => {
  const got = world.sendrecv([shared, shared, circular], next, 3, prev, 3) as [
    object,
    object,
    Record<string, unknown>,
  ];
  assert.equal(got[0], got[1]);
  assert.equal(got[2].self, got[2]);
});

test("recv fills the status; PROC_NULL gives undefined", () => {
  const st = new mpi.Status();
  const got = world.sendrecv({ from: rank }, next, 5, prev, 5, st);
  assert.deepEqual(got, { from: prev });
  assert.equal(st.source, prev);
  assert.equal(st.tag, 5);
  assert.ok(st.count > 0);
  world.send("ignored", mpi.PROC_NULL);
  assert.equal(world.recv(mpi.PROC_NULL, 0, st), undefined);
  assert.equal(st.source, mpi.PROC_NULL);
});

test("isend/irecv: no size limit, wait/test/waitAsync give the value", async () => {
  const big = new Float64Array(100_000).map((_, i) => i + rank);
  const r = world.irecv(prev, 8);
  const s = world.isend({ big, rank }, next, 8);
  const got = r.wait() as { big: Float64Array; rank: number };
  s.wait();
  assert.equal(got.rank, prev);
  assert.equal(got.big.length, 100_000);
  assert.equal(got.big[99_999], 99_999 + prev);

  const r2 = world.irecv(prev, 9);
  assert.deepEqual(r2.test(), [false, undefined]);
  world.barrier(); // nobody sends before every rank has tested
  world.issend("hello", next, 9).wait();
  const value = await r2.waitAsync();
  assert.equal(value, "hello");
});

test("irecv to self polled with test(); waitany over value requests", () => {
  const reqs = [1, 2, 3].map((t) => world.irecv(rank, t));
  for (const t of [3, 1, 2]) world.send(`tag${t}`, rank, t);
  const seen = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const [i, v] = mpi.Request.waitany(reqs);
    assert.equal(v, `tag${i + 1}`);
    seen.add(v as string);
  }
  assert.equal(seen.size, 3);
  assert.deepEqual(mpi.Request.waitany(reqs), [mpi.UNDEFINED, undefined]);
});

test("probe/iprobe/mprobe/improbe with values", () => {
  const s = world.isend([1, 2, 3], rank, 31);
  const st = new mpi.Status();
  assert.equal(world.probe(rank, 31, st), true);
  assert.equal(st.tag, 31);
  assert.equal(world.iprobe(rank, 32), false);
  const msg = world.mprobe(rank, 31);
  assert.deepEqual(msg.recv(), [1, 2, 3]);
  s.wait();
  const s2 = world.isend({ x: 1 }, rank, 33);
  let m: mpi.Message | null = null;
  while (!m) m = world.improbe(rank, 33);
  assert.deepEqual(m.irecv().wait(), { x: 1 });
  s2.wait();
});

test("waitall gives the values in order", () => {
  const reqs = [0, 1, 2].map((t) => world.irecv(prev, 60 + t));
  const sends = [0, 1, 2].map((t) =>
    world.isend({ t, from: rank }, next, 60 + t)
  );
  const values = mpi.Request.waitall(reqs);
  mpi.Request.waitall(sends);
  assert.deepEqual(values, [0, 1, 2].map((t) => ({ t, from: prev })));
});

test("uncloneable values throw TypeError before anything is sent", () => {
  assert.throws(() => world.send(() => 1, next), TypeError);
  assert.throws(() => world.send({ f: Symbol("x") }, next), TypeError);
  assert.throws(() => world.isend([1, () => 2], next), TypeError);
  assert.equal(world.iprobe(mpi.ANY_SOURCE, mpi.ANY_TAG), false);
  world.barrier();
});

test("bad ranks and tags name the argument", () => {
  assertMPIError(() => world.send(1, size), mpi.ERR_RANK);
  assertMPIError(() => world.recv(size), mpi.ERR_RANK);
  assertMPIError(() => world.send(1, 0, -2), mpi.ERR_TAG);
  assertThrowsNaming(() => world.irecv(1.5), TypeError, /source/);
});

test("custom pickle (JSON) is used when set", () => {
  const { dumps, loads } = mpi.pickle;
  let used = 0;
  mpi.pickle.dumps = (v) => {
    used++;
    return new TextEncoder().encode(JSON.stringify(v));
  };
  mpi.pickle.loads = (b) => JSON.parse(new TextDecoder().decode(b));
  try {
    assert.deepEqual(world.sendrecv({ j: [rank] }, next, 70, prev, 70), {
      j: [prev],
    });
    assert.equal(used, 1);
  } finally {
    mpi.pickle.dumps = dumps;
    mpi.pickle.loads = loads;
  }
});

test("every received array owns its memory, also when the receive waited", () => {
  // The sender pauses so the receiver waits and prepares memory ahead.
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  for (const length of [3, 2048, 4096]) { // inline, out-of-band, zero-copy
    const got: Float64Array[] = [];
    for (let i = 0; i < 4; i++) {
      const req = world.isend(new Float64Array(length).fill(rank + i), next, 5);
      if (i % 2 === 0) spin(2);
      got.push(world.recv(prev, 5) as Float64Array);
      req.wait();
    }
    got.forEach((a, i) => {
      assert.ok(a instanceof Float64Array);
      assert.equal(a.length, length);
      assert.ok(a.every((x) => x === prev + i), `value ${i} of ${length}`);
      if (length === 3) assert.equal(a.buffer.byteLength, a.byteLength);
    });
    got[0].fill(-1);
    for (let i = 1; i < 4; i++) assert.equal(got[i][0], prev + i);
    assert.equal(new Set(got.map((a) => a.buffer)).size, got.length);
  }
});

test("the arrays of one received value share one allocation, never another value's", () => {
  // Waiting receives prepare the memory the last value took ahead.
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  // In-band arrays; out-of-band ones copied (blocking receive of up to 32
  // KiB); out-of-band ones in a message received as the value's own memory.
  for (const n of [1000, 1100, 5000]) {
    const got: { x: Float64Array; y: Float64Array }[] = [];
    for (let i = 0; i < 5; i++) {
      const req = world.isend(
        { x: new Float64Array(n).fill(i), y: new Float64Array(n).fill(-i) },
        next,
        6,
      );
      if (i % 2 === 1) spin(2);
      got.push(world.recv(prev, 6) as { x: Float64Array; y: Float64Array });
      req.wait();
    }
    const buffers = got.map((v) => v.x.buffer);
    assert.equal(new Set(buffers).size, got.length, `${n}: one per value`);
    got.forEach((v, i) => {
      assert.ok(v.x.every((e) => e === i) && v.y.every((e) => e === -i));
      assert.equal(v.x.buffer, v.y.buffer, `${n}: one allocation`);
      if (n === 1000) assert.equal(v.x.buffer.byteLength, 16 * n, "exact");
      const [a, b] = v.x.byteOffset < v.y.byteOffset ? [v.x, v.y] : [v.y, v.x];
      assert.ok(a.byteOffset + a.byteLength <= b.byteOffset, "own bytes");
      v.x.fill(7);
      assert.ok(v.y.every((e) => e === -i), "writing x leaves y");
    });
  }
});

const partner = rank % 2 === 0 ? rank + 1 : rank - 1;

test({
  name: "blocking ping-pong of large arrays: each reply is the value sent",
  ignore: partner >= size &&
    "needs a partner: the last rank of an odd world has none",
  fn() {
    const peer = partner;
    const got: Float32Array[] = [];
    for (let i = 0; i < 6; i++) {
      const n = i < 4 ? 8192 : 20000 + i; // repeated sizes, then new ones
      const mine = new Float32Array(n).map((_, k) => rank * 1e6 + i * 1e3 + k);
      if (rank % 2 === 0) {
        world.send(mine, peer, i);
        got.push(world.recv(peer, i) as Float32Array);
      } else {
        got.push(world.recv(peer, i) as Float32Array);
        world.send(mine, peer, i);
      }
    }
    got.forEach((a, i) => {
      const n = i < 4 ? 8192 : 20000 + i;
      assert.equal(a.length, n);
      assert.equal(a[0], peer * 1e6 + i * 1e3);
      assert.equal(a[n - 1], peer * 1e6 + i * 1e3 + n - 1);
    });
    assert.equal(new Set(got.map((a) => a.buffer)).size, got.length);
  },
});

test("ibsend: buffered value sends complete before any receive is posted", () => {
  const attached = new Uint8Array(1 << 18);
  mpi.Attach_buffer(attached);
  const values = (from: number) => [
    { from, list: [1, 2, 3], when: new Date(from) },
    new Float64Array(2500).fill(from + 0.5), // 20 kB: past eager limits
    `${from}`.repeat(3000),
  ];
  const reqs = values(rank).map((v, i) => world.ibsend(v, next, 80 + i));
  // buffered sends are local: they complete with nothing received yet
  mpi.Request.Waitall(reqs);
  assert.ok(reqs.every((r) => r.isNull));
  world.barrier();
  values(prev).forEach((want, i) =>
    assert.deepEqual(world.recv(prev, 80 + i), want, `value ${i}`)
  );
  assert.equal(mpi.Detach_buffer(), attached);
});
