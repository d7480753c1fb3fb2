import { assert, mpi, rank, size, test, world } from "./_util.ts";

const range = (n: number) => [...Array(n).keys()];
const sumTo = (n: number) => (n * (n - 1)) / 2;

test("I-collectives complete through Wait, Waitall and waitAsync", async () => {
  world.Ibarrier().Wait();
  for (let root = 0; root < size; root++) {
    const a = new Int32Array(3).fill(rank === root ? root + 7 : -1);
    world.Ibcast(a, root).Wait();
    assert.deepEqual([...a], [root + 7, root + 7, root + 7]);
  }
  const sum = new Float64Array(2), inplace = new Float64Array([rank, 1]);
  const scan = new Int32Array(1), ex = new Int32Array([-9]);
  const gathered = new Int32Array(size),
    all = new Uint8Array(size),
    a2a = new Int32Array(size);
  const reqs = [
    world.Iallreduce(new Float64Array([rank, 1]), sum, mpi.SUM),
    world.Iallreduce(mpi.IN_PLACE, inplace, mpi.MAX),
    world.Iscan(new Int32Array([rank]), scan, mpi.SUM),
    world.Iexscan(new Int32Array([rank + 1]), ex, mpi.SUM),
    world.Igather(new Int32Array([rank * 2]), rank === 0 ? gathered : null, 0),
    world.Iallgather(new Uint8Array([rank + 1]), all),
    world.Ialltoall(Int32Array.from(range(size), (j) => rank * 10 + j), a2a),
  ];
  mpi.Request.Waitall(reqs);
  assert.deepEqual([...sum], [sumTo(size), size]);
  assert.deepEqual([...inplace], [size - 1, 1]);
  assert.equal(scan[0], sumTo(rank + 1));
  if (rank > 0) assert.equal(ex[0], (rank * (rank + 1)) / 2);
  if (rank === 0) {
    assert.deepEqual(
      [...gathered],
      range(size).map((r) => 2 * r),
    );
  }
  assert.deepEqual([...all], range(size).map((r) => r + 1));
  assert.deepEqual([...a2a], range(size).map((i) => i * 10 + rank));

  const mine = new Float64Array(1);
  const src = rank === 0
    ? Float64Array.from(range(size), (i) => i + 0.25)
    : null;
  const r1 = world.Iscatter(src, mine, 0);
  const red = new BigInt64Array(1);
  const r2 = world.Ireduce(
    new BigInt64Array([BigInt(rank + 1)]),
    rank === size - 1 ? red : null,
    mpi.SUM,
    size - 1,
  );
  await Promise.all([r1.waitAsync(), r2.waitAsync()]);
  assert.equal(mine[0], rank + 0.25);
  if (rank === size - 1) assert.equal(red[0], BigInt(sumTo(size + 1)));
});

test("I forms of the vector collectives, reduce-scatter and Alltoallw", async () => {
  const n = size;
  const ranks = range(n);
  // Rank r contributes r + 1 copies of r.
  const mine = new Float64Array(rank + 1).fill(rank);
  const expected = ranks.flatMap((r) => new Array(r + 1).fill(r));
  const counts = ranks.map((r) => r + 1);
  const total = sumTo(n + 1);
  const gathered = new Float64Array(total), all = new Float64Array(total);
  const back = new Float64Array(rank + 1);
  const rsb = new Int32Array(2), rs = new Int32Array(rank + 1);
  const rsSend = Int32Array.from({ length: total }, (_, i) => i + rank);
  const reqs = [
    world.Igatherv(mine, rank === 0 ? [gathered, counts] : null, 0),
    world.Iallgatherv(mine, [all, counts]),
    world.Iscatterv(
      rank === 0 ? [Float64Array.from(expected), counts] : null,
      back,
      0,
    ),
    world.Ireduce_scatter_block(
      Int32Array.from({ length: 2 * n }, (_, i) => i),
      rsb,
      mpi.SUM,
    ),
    world.Ireduce_scatter(rsSend, rs, counts, mpi.MIN),
  ];
  mpi.Request.Waitall(reqs);
  if (rank === 0) assert.deepEqual([...gathered], expected);
  assert.deepEqual([...all], expected);
  assert.deepEqual([...back], new Array(rank + 1).fill(rank));
  assert.deepEqual([...rsb], [2 * rank * n, (2 * rank + 1) * n]);
  const start = sumTo(rank + 1);
  assert.deepEqual([...rs], range(rank + 1).map((i) => start + i));

  // Alltoallw: to rank j an Int32 (rank * 10 + j) at byte 4j, received as
  // one Int32 per rank; with a second, Float64 half the types differ per rank.
  const sbuf = Int32Array.from(ranks, (j) => rank * 10 + j);
  const rbuf = new Int32Array(n);
  const bytes = ranks.map((j) => 4 * j);
  const ones = ranks.map(() => 1);
  const req = world.Ialltoallw(
    [sbuf, ones, bytes, mpi.INT32_T],
    [rbuf, ones, bytes, ranks.map(() => mpi.INT32_T)],
  );
  await req.waitAsync();
  assert.deepEqual([...rbuf], ranks.map((r) => r * 10 + rank));
});

test("Ialltoallv: a block of its own size to each rank, and IN_PLACE", async () => {
  const ranks = range(size);
  // rank r sends j + 1 elements valued 100 r + j to rank j; receives
  // rank + 1 from each
  const counts = ranks.map((j) => j + 1);
  const send = Int32Array.from(
    ranks.flatMap((j) => new Array(j + 1).fill(100 * rank + j)),
  );
  const recv = new Int32Array(size * (rank + 1)).fill(-1);
  await world.Ialltoallv([send, counts], [recv, rank + 1]).waitAsync();
  assert.deepEqual(
    [...recv],
    ranks.flatMap((r) => new Array(rank + 1).fill(100 * r + rank)),
  );
  // IN_PLACE: two elements per pair, swapped across ranks
  const inplace = Int32Array.from(
    ranks.flatMap((j) => [rank * 10 + j, 1000 + rank * 10 + j]),
  );
  world.Ialltoallv(mpi.IN_PLACE, [inplace, 2]).Wait();
  assert.deepEqual(
    [...inplace],
    ranks.flatMap((r) => [r * 10 + rank, 1000 + r * 10 + rank]),
  );
});

test("an MPI error from each form of a collective names that form's C function", () => {
  // Bitwise AND is not defined on doubles: MPI itself rejects the op.
  const a = new Float64Array(1), b = new Float64Array(1);
  for (
    const [name, call] of [
      ["MPI_Allreduce", () => world.Allreduce(a, b, mpi.BAND)],
      ["MPI_Iallreduce", () => world.Iallreduce(a, b, mpi.BAND).Wait()],
      ["MPI_Allreduce_init", () => world.Allreduce_init(a, b, mpi.BAND)],
    ] as const
  ) {
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError, `${name}: ${e}`);
      assert.ok(e.message.startsWith(`${name}: `), e.message);
      return true;
    });
  }
  world.Barrier();
});
