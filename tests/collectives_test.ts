import {
  POOL_SLAB,
  POOLED_MAX,
  SHARED_MAX,
} from "../collectives/value_memory.ts";
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

const range = (n: number) => [...Array(n).keys()];
const sumTo = (n: number) => (n * (n - 1)) / 2;

test("Bcast from every root, Int32/Float64/BigInt64/Uint8-with-datatype", () => {
  for (let root = 0; root < size; root++) {
    const a = new Int32Array(root + 1).fill(rank === root ? root : -1);
    world.Bcast(a, root);
    assert.deepEqual([...a], new Array(root + 1).fill(root));
    const b = new BigInt64Array(2).fill(
      rank === root ? BigInt(root) * 2n ** 40n : 0n,
    );
    world.Bcast(b, root);
    assert.deepEqual([...b], [
      BigInt(root) * 2n ** 40n,
      BigInt(root) * 2n ** 40n,
    ]);
    const bytes = new Uint8Array(16);
    if (rank === root) new Float64Array(bytes.buffer).set([root + 0.5, -root]);
    world.Bcast([bytes, 2, mpi.DOUBLE], root);
    assert.deepEqual([...new Float64Array(bytes.buffer)], [root + 0.5, -root]);
  }
});

test("Allreduce, Reduce with every root, IN_PLACE, Scan, Exscan", () => {
  const send = Float64Array.from(range(5), (i) => i * (rank + 1));
  const recv = new Float64Array(5);
  world.Allreduce(send, recv, mpi.SUM);
  assert.deepEqual([...recv], range(5).map((i) => i * sumTo(size + 1)));
  const data = new Int32Array([rank, -rank]);
  world.Allreduce(mpi.IN_PLACE, data, mpi.MAX);
  assert.deepEqual([...data], [size - 1, 0]);
  for (let root = 0; root < size; root++) {
    const out = new BigInt64Array(1).fill(-1n);
    world.Reduce(
      new BigInt64Array([BigInt(rank + 1)]),
      rank === root ? out : null,
      mpi.PROD,
      root,
    );
    if (rank === root) {
      assert.equal(
        out[0],
        range(size).reduce((p, i) => p * BigInt(i + 1), 1n),
      );
    } else assert.equal(out[0], -1n);
  }
  const inplace = new Float64Array([rank]);
  world.Reduce(rank === 0 ? mpi.IN_PLACE : inplace, inplace, mpi.SUM, 0);
  if (rank === 0) assert.equal(inplace[0], sumTo(size));
  const scan = new Int32Array(1);
  world.Scan(new Int32Array([rank]), scan, mpi.SUM);
  assert.equal(scan[0], sumTo(rank + 1));
  const ex = new Int32Array([-7]);
  world.Exscan(new Int32Array([rank + 1]), ex, mpi.SUM);
  // ranks 0..r-1 contributed 1..r
  if (rank > 0) assert.equal(ex[0], (rank * (rank + 1)) / 2);
});

test("Gather, Scatter, Allgather, Alltoall (and IN_PLACE), every root", () => {
  for (let root = 0; root < size; root++) {
    const all = new Int32Array(2 * size).fill(-1);
    world.Gather(
      new Int32Array([rank, root]),
      rank === root ? all : undefined,
      root,
    );
    if (rank === root) {
      assert.deepEqual([...all], range(size).flatMap((r) => [r, root]));
    }
    const mine = new Float64Array(2);
    const src = rank === root
      ? Float64Array.from(range(2 * size), (i) => i + 0.5)
      : null;
    world.Scatter(src, mine, root);
    assert.deepEqual([...mine], [2 * rank + 0.5, 2 * rank + 1.5]);
  }
  const ag = new Uint8Array(size);
  world.Allgather(new Uint8Array([rank + 10]), ag);
  assert.deepEqual([...ag], range(size).map((r) => r + 10));
  const agIn = new Int32Array(size);
  agIn[rank] = rank * 3;
  world.Allgather(mpi.IN_PLACE, agIn);
  assert.deepEqual([...agIn], range(size).map((r) => r * 3));
  const a2a = new Int32Array(size);
  world.Alltoall(Int32Array.from(range(size), (j) => rank * 100 + j), a2a);
  assert.deepEqual([...a2a], range(size).map((i) => i * 100 + rank));
});

test("zero counts and bad arguments", () => {
  world.Bcast(new Int32Array(0), 0);
  world.Allreduce(new Float64Array(0), new Float64Array(0), mpi.SUM);
  assertMPIError(() => world.Bcast(new Int32Array(1), size), mpi.ERR_ROOT);
  assertMPIError(
    () => world.Reduce(new Int32Array(1), new Int32Array(1), mpi.SUM, -5),
    mpi.ERR_ROOT,
  );
  assertThrowsNaming(
    () =>
      world.Allreduce(
        new Int32Array(1),
        new Int32Array(1),
        "sum" as unknown as mpi.Op,
      ),
    TypeError,
    /op/,
  );
  const guard = new Int32Array(4).fill(7);
  assertThrowsNaming(
    () => world.Allreduce(new Int32Array(4), guard.subarray(0, 2), mpi.SUM),
    RangeError,
    /recvbuf/,
  );
  assert.deepEqual([...guard], [7, 7, 7, 7]);
  // one element short of size blocks of 2 (also on one rank)
  assertThrowsNaming(
    () => world.Allgather(new Int32Array(2), new Int32Array(size * 2 - 1)),
    RangeError,
    /recvbuf/,
  );
  world.Barrier();
});

test("value collectives: bcast, gather, scatter, allgather, alltoall", () => {
  for (let root = 0; root < size; root++) {
    const v = {
      root,
      when: new Date(root),
      tags: new Set([root]),
      big: new Float64Array(10_000).fill(root),
    };
    const got = world.bcast(rank === root ? v : undefined, root) as typeof v;
    assert.deepEqual(got, v);
    const g = world.gather({ r: rank }, root);
    if (rank === root) assert.deepEqual(g, range(size).map((r) => ({ r })));
    else assert.equal(g, undefined);
    const s = world.scatter(
      rank === root ? range(size).map((r) => `to ${r}`) : undefined,
      root,
    );
    assert.equal(s, `to ${rank}`);
  }
  assert.deepEqual(
    world.allgather([rank, `${rank}`]),
    range(size).map((r) => [r, `${r}`]),
  );
  assert.deepEqual(
    world.alltoall(range(size).map((j) => rank * 10 + j)),
    range(size).map((i) => i * 10 + rank),
  );
});

test("value collectives reuse their memory: parts, growing and shrinking sizes", () => {
  // Sizes change from call to call: small, with out-of-band parts, over
  // the 1 MiB the collectives keep, then small again.
  for (const n of [3, 20_000, 300_000, 5]) {
    const mine = {
      rank,
      a: new Float64Array(n).fill(rank),
      s: "x".repeat(n % 97),
    };
    const expect = (r: number) => ({
      rank: r,
      a: new Float64Array(n).fill(r),
      s: "x".repeat(n % 97),
    });
    const g = world.gather(mine, 0) as (typeof mine)[] | undefined;
    if (rank === 0) assert.deepEqual(g, range(size).map(expect));
    const all = world.allgather(mine) as (typeof mine)[];
    assert.deepEqual(all, range(size).map(expect));
    // Large arrays of one call share one copy up to SHARED_MAX, others
    // have their own; nothing views memory the next call reuses (checked
    // below).
    const shared = n === 20_000 && size > 1 && size * 8 * n < SHARED_MAX;
    assert.equal(new Set(all.map((v) => v.a.buffer)).size, shared ? 1 : size);
    const s = world.scatter(
      rank === 0 ? range(size).map(expect) : undefined,
      0,
    );
    assert.deepEqual(s, expect(rank));
    const x = world.alltoall(range(size).map((j) => ({ ...mine, j })));
    assert.deepEqual(x, range(size).map((r) => ({ ...expect(r), j: rank })));
    world.allgather(null); // reuses the memory the values above came from
    assert.ok(all.every((v, r) => v.a.every((y) => y === r)));
  }
});

test("value collectives where only some ranks send large arrays receive every value exactly", () => {
  // A rank receives into memory of the call's own when its own value holds
  // a large array, predicting the others' do too: here the prediction is
  // wrong on some ranks, in both directions.
  for (const big of [0, size - 1]) {
    const value = (r: number) =>
      r === big
        ? { r, a: new Float64Array(20_000).fill(r + 0.5) }
        : { r, small: [r, "x"] };
    const expect = range(size).map(value);
    const g = world.gather(value(rank), 0);
    if (rank === 0) assert.deepEqual(g, expect);
    const all = world.allgather(value(rank)) as { a?: Float64Array }[];
    assert.deepEqual(all, expect);
    const x = world.alltoall(range(size).map(() => value(rank)));
    assert.deepEqual(x, expect);
    // Nothing received views memory a later call reuses.
    world.allgather(new Float64Array(20_000).fill(-1));
    world.allgather(null);
    assert.ok(all[big].a!.every((y) => y === big + 0.5));
    assert.ok((x as typeof all)[big].a!.every((y) => y === big + 0.5));
  }
});

test("value collectives cut small spans of large arrays from a pool that later calls share, each array its own bytes", () => {
  // 16 KiB per rank: a call's span fits a pool cut on up to 3 ranks, and
  // enough calls fill several slabs. Every result is kept and checked at
  // the end, so a cut handed out twice would show as overwritten bytes.
  const n = 16 << 10, calls = Math.ceil((3 * POOL_SLAB) / n);
  const fill = (call: number, r: number, j = 0) =>
    new Uint8Array(n).fill((call * 7 + r * 3 + j) % 251);
  const kept: [Uint8Array, number][] = [], gathered: Uint8Array[] = [];
  for (let call = 0; call < calls; call++) {
    const all = world.allgather(fill(call, rank)) as Uint8Array[];
    all.forEach((a, r) => kept.push([a, (call * 7 + r * 3) % 251]));
    gathered.push(...all);
    const g = world.gather(fill(call, rank, 1), call % size);
    g?.forEach((a, r) =>
      kept.push([a as Uint8Array, (call * 7 + r * 3 + 1) % 251])
    );
    const x = world.alltoall(range(size).map((j) => fill(call, rank, j + 2)));
    x.forEach((a, r) =>
      kept.push([a as Uint8Array, (call * 7 + r * 3 + rank + 2) % 251])
    );
    const s = world.scatter(
      rank === 0 ? range(size).map((j) => fill(call, 0, j + 9)) : undefined,
      0,
    );
    kept.push([s as Uint8Array, (call * 7 + rank + 9) % 251]);
    // Values without large arrays between: their cuts go back to the pool.
    assert.deepEqual(
      world.allgather({ call }),
      range(size).map(() => ({ call })),
    );
  }
  for (const [a, v] of kept) {
    assert.equal(a.byteLength, n);
    assert.ok(a.every((y) => y === v), `an array of ${v} was overwritten`);
  }
  if (size > 1 && size * (n + 64) <= POOLED_MAX) {
    // Later calls' arrays share a slab, as documented (each call here
    // takes about 2 + 2 + 2 + 1 arrays' worth of a slab).
    const slabs = new Set(gathered.map((a) => a.buffer));
    assert.ok(slabs.size <= gathered.length / 3, `${slabs.size} buffers`);
    assert.ok([...slabs].every((b) => b.byteLength === POOL_SLAB));
  }
});

test("a pool slab transferred away is replaced: later values are exact", () => {
  const n = 16 << 10;
  const first = world.allgather(
    new Uint8Array(n).fill(rank + 1),
  ) as Uint8Array[];
  assert.ok(first.every((a, r) => a.byteLength === n && a[n - 1] === r + 1));
  // Moving one array's buffer detaches every view of it (as documented);
  // the pool then takes a new slab.
  const slab = first[0].buffer as ArrayBuffer;
  const moved = structuredClone(slab, { transfer: [slab] });
  assert.equal(first[0].byteLength, 0);
  assert.ok(moved.byteLength >= n);
  for (let call = 0; call < 3; call++) {
    const all = world.allgather(
      new Uint8Array(n).fill(rank + call),
    ) as Uint8Array[];
    assert.ok(
      all.every((a, r) => a.byteLength === n && a.every((y) => y === r + call)),
    );
  }
});

test("value reductions: numbers, arrays, MAXLOC/MINLOC, functions, scan/exscan", () => {
  assert.equal(world.allreduce(rank), sumTo(size));
  assert.equal(
    world.allreduce(rank + 1, mpi.PROD),
    range(size).reduce((p, i) => p * (i + 1), 1),
  );
  assert.equal(world.allreduce(rank, mpi.MAX), size - 1);
  assert.equal(world.allreduce(rank, mpi.MIN), 0);
  assert.equal(world.allreduce(BigInt(rank), mpi.SUM), BigInt(sumTo(size)));
  assert.deepEqual(world.allreduce([rank, 1]), [sumTo(size), size]);
  assert.deepEqual(
    world.allreduce(new Int32Array([rank, 2])),
    new Int32Array([sumTo(size), 2 * size]),
  );
  assert.equal(world.allreduce(rank === 0, mpi.LOR), true);
  assert.equal(world.allreduce(rank === 0, mpi.LAND), size === 1);
  assert.deepEqual(world.allreduce([rank % 2, rank], mpi.MAXLOC), [
    size > 1 ? 1 : 0,
    size > 1 ? 1 : 0,
  ]);
  assert.deepEqual(world.allreduce([rank % 2, rank], mpi.MINLOC), [0, 0]);
  assert.equal(
    world.allreduce(`${rank}`, (a, b) => `${a}${b}`),
    range(size).join(""),
  );
  for (let root = 0; root < size; root++) {
    const r = world.reduce(rank, mpi.SUM, root);
    assert.equal(r, rank === root ? sumTo(size) : undefined);
    const s = world.reduce([rank], mpi.SUM, root);
    assert.deepEqual(s, rank === root ? [sumTo(size)] : undefined);
  }
  assert.equal(world.scan(rank), sumTo(rank + 1));
  assert.deepEqual(world.scan([rank]), [sumTo(rank + 1)]);
  assert.equal(world.exscan(rank), rank === 0 ? undefined : sumTo(rank));
  assert.deepEqual(
    world.exscan([rank]),
    rank === 0 ? undefined : [sumTo(rank)],
  );
  assertMPIError(() => world.bcast(1, size), mpi.ERR_ROOT);
  assertThrowsNaming(
    () => world.allreduce(1, 42 as unknown as mpi.Op),
    TypeError,
    /op/,
  );
});

test("value reductions of TypedArrays: every kind, op and root, as C computes them", () => {
  type Kind = new (
    xs: ArrayLike<number | bigint>,
  ) => ArrayLike<number | bigint>;
  // [kind, element of rank r at i, integer bits (negative: signed; 0: not wrapping)]
  const kinds: [Kind, (r: number, i: number) => number | bigint, number][] = [
    [Int8Array, (r, i) => 100 + r * 20 + i, -8], // wraps past 127
    [Uint8Array, (r, i) => 200 + r * 30 - i, 8],
    [Uint8ClampedArray, (r, i) => 200 + r * 30 - i, 0], // clamps
    [Int16Array, (r, i) => r * 9000 - i, -16],
    [Uint16Array, (r, i) => 60000 + r - i, 16],
    [Int32Array, (r, i) => 2 ** 31 - 2 + r + i, -32],
    [Uint32Array, (r, i) => r * 3 + i, 32],
    [Float32Array, (r, i) => 0.1 * (r + 1) + i, 0],
    [Float64Array, (r, i) => Math.PI * (r + 1) - i, 0],
    [BigInt64Array, (r, i) => 2n ** 62n + BigInt(r + i), 0],
    [BigUint64Array, (r, i) => BigInt(r * 7 + i), 0],
  ];
  const ops = [mpi.SUM, mpi.PROD, mpi.MAX, mpi.MIN];
  const apply = <T extends number | bigint>(op: mpi.Op, a: T, b: T): T =>
    (op === mpi.SUM
      ? (a as number) + (b as number)
      : op === mpi.PROD
      ? (a as number) * (b as number)
      : op === mpi.MAX
      ? (a > b ? a : b)
      : (a < b ? a : b)) as T;
  for (const [Kind, at, bits] of kinds) {
    const of = (r: number) => new Kind([0, 1, 2].map((i) => at(r, i)));
    for (const op of ops) {
      // In rank order; integers exactly, wrapped as C wraps them.
      const expect = range(size).map(of).reduce((acc, x) => {
        const out = Array.from(acc, (a, i) => {
          if (bits === 0) return apply(op, a, x[i]);
          const c = apply(op, BigInt(a), BigInt(x[i]));
          return Number(
            bits < 0 ? BigInt.asIntN(-bits, c) : BigInt.asUintN(bits, c),
          );
        });
        return new Kind(out);
      });
      // Floats: MPI may associate a sum or product differently from the
      // rank-order fold (as MPI_Allreduce does), but every rank agrees.
      const float = Kind === Float32Array || Kind === Float64Array;
      const same = (a: unknown, what: string) => {
        if (!float) return assert.deepEqual(a, expect, what);
        assert.ok(a instanceof Kind, what);
        Array.from(a as ArrayLike<number>, (x, i) =>
          assert.ok(
            Math.abs(x - (expect[i] as number)) <=
              1e-6 * Math.abs(expect[i] as number),
            `${what}: ${x} for ${expect[i]}`,
          ));
      };
      const mine = of(rank);
      const got = world.allreduce(mine, op);
      assert.ok(got instanceof Kind && got !== mine, Kind.name);
      same(got, `${Kind.name} ${op.name}`);
      assert.deepEqual(world.allgather(got), range(size).map(() => got));
      for (let root = 0; root < size; root++) {
        const r = world.reduce(mine, op, root);
        if (rank === root) same(r, `${Kind.name} ${op.name} at ${root}`);
        else assert.equal(r, undefined);
      }
    }
  }
  // Kinds or lengths that differ between ranks take the general path.
  const mixed = rank % 2 ? new Float32Array([1, 2]) : new Float64Array([1, 2]);
  assert.deepEqual(
    [...(world.allreduce(mixed) as Float64Array)],
    [size, 2 * size],
  );
  if (size > 1) {
    assert.throws(
      () => world.allreduce(new Float64Array(rank === 0 ? 2 : 3)),
      RangeError,
    );
  }
});

test("Reduce_scatter_block and Reduce_scatter (default and explicit counts)", () => {
  const send = Int32Array.from(range(2 * size), (i) => i + rank);
  const block = new Int32Array(2);
  world.Reduce_scatter_block(send, block, mpi.SUM);
  assert.deepEqual(
    [...block],
    [0, 1].map((k) => size * (2 * rank + k) + sumTo(size)),
  );
  const counts = range(size).map((r) => r + 1);
  const total = sumTo(size + 1);
  const mine = new Float64Array(rank + 1);
  world.Reduce_scatter(
    new Float64Array(total).fill(rank + 1),
    mine,
    counts,
    mpi.SUM,
  );
  assert.deepEqual([...mine], new Array(rank + 1).fill(sumTo(size + 1)));
  const even = new Int32Array(1);
  world.Reduce_scatter(new Int32Array(size).fill(2), even, null, mpi.SUM);
  assert.equal(even[0], 2 * size);
  assertThrowsNaming(
    () =>
      world.Reduce_scatter_block(new Int32Array(1), new Int32Array(2), mpi.SUM),
    RangeError,
    /sendbuf/,
  );
  world.Barrier();
});

test("MAXLOC/MINLOC on the pair types DOUBLE_INT, FLOAT_INT, TWOINT, LONG_INT", () => {
  // Each rank offers (value, index) pairs; value = (rank * 7) % size, so
  // the max and min are known, and ties go to the lowest index.
  const values = [...Array(size).keys()].map((r) => (r * 7) % size);
  const maxAt = values.indexOf(Math.max(...values));
  const minAt = values.indexOf(Math.min(...values));
  const mine = values[rank];
  const pairs = [
    { type: mpi.DOUBLE_INT, bytes: 16, set: "setFloat64", get: "getFloat64" },
    { type: mpi.FLOAT_INT, bytes: 8, set: "setFloat32", get: "getFloat32" },
    { type: mpi.TWOINT, bytes: 8, set: "setInt32", get: "getInt32" },
    { type: mpi.LONG_INT, bytes: 16, set: "setBigInt64", get: "getBigInt64" },
  ] as const;
  for (const p of pairs) {
    assert.equal(p.type.size, p.bytes === 16 ? 12 : 8, p.type.name);
    const send = new DataView(new ArrayBuffer(2 * p.bytes));
    const put = (dv: DataView, at: number, v: number) =>
      p.set === "setBigInt64"
        ? dv.setBigInt64(at, BigInt(v), true)
        : dv[p.set](at, v, true);
    const read = (dv: DataView, at: number) => Number(dv[p.get](at, true));
    const index = p.bytes === 16 ? 8 : 4;
    for (let i = 0; i < 2; i++) {
      put(send, i * p.bytes, i === 0 ? mine : -mine - 1);
      send.setInt32(i * p.bytes + index, rank, true);
    }
    const recv = new DataView(new ArrayBuffer(2 * p.bytes));
    world.Allreduce([send, 2, p.type], [recv, 2, p.type], mpi.MAXLOC);
    assert.equal(read(recv, 0), values[maxAt], p.type.name);
    assert.equal(recv.getInt32(index, true), maxAt, p.type.name);
    assert.equal(read(recv, p.bytes), -values[minAt] - 1, p.type.name);
    assert.equal(recv.getInt32(p.bytes + index, true), minAt, p.type.name);
    world.Allreduce([send, 1, p.type], [recv, 1, p.type], mpi.MINLOC);
    assert.equal(read(recv, 0), values[minAt], p.type.name);
    assert.equal(recv.getInt32(index, true), minAt, p.type.name);
  }
});
