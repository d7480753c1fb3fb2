import { assert, mpi, rank, size, test, world } from "./_util.ts";

const sumTo = (n: number) => (n * (n - 1)) / 2;

test("Op.Create sum equals the built-in SUM on every rank", () => {
  let calls = 0;
  const mysum = mpi.Op.Create((a, b) => {
    calls++;
    const x = a as Float64Array, y = b as Float64Array;
    for (let i = 0; i < x.length; i++) y[i] += x[i];
  }, true);
  assert.equal(mysum.is_commutative, true);
  const send = Float64Array.from({ length: 1000 }, (_, i) => i * (rank + 1));
  const got = new Float64Array(1000), want = new Float64Array(1000);
  world.Allreduce(send, got, mysum);
  world.Allreduce(send, want, mpi.SUM);
  assert.deepEqual(got, want);
  // Which ranks combine depends on the MPI's algorithm; some rank must
  // have, unless there is one rank (MPI then calls no op).
  assert.equal(
    (world.allreduce(calls) as number) > 0,
    size > 1,
    `the JavaScript function ran ${calls} times here`,
  );
  mysum.Free();
  assert.throws(() => world.Allreduce(send, got, mysum), mpi.MPIError);
});

test("user ops see the datatype's element type; non-commutative ops combine in rank order", () => {
  // 2×2 matrix product: associative, not commutative. MPI hands us
  // invec from lower ranks: inoutvec := invec · inoutvec.
  const seen = new Set<string>();
  const matmul = mpi.Op.Create((a, b, dt) => {
    seen.add(`${a.constructor.name}:${dt.name}`);
    const x = a as Float64Array, y = b as Float64Array;
    const [p, q, r, s] = [x[0], x[1], x[2], x[3]],
      [t, u, v, w] = [y[0], y[1], y[2], y[3]];
    y.set([p * t + q * v, p * u + q * w, r * t + s * v, r * u + s * w]);
  }, false);
  assert.equal(matmul.is_commutative, false);
  const mine = (k: number) => [k + 1, 1, 0, 1];
  const out = new Float64Array(4);
  world.Allreduce(Float64Array.from(mine(rank)), out, matmul);
  let want = mine(0);
  for (let k = 1; k < size; k++) {
    const [p, q, r, s] = want, [t, u, v, w] = mine(k);
    want = [p * t + q * v, p * u + q * w, r * t + s * v, r * u + s * w];
  }
  assert.deepEqual([...out], want);
  const kinds = (world.allgather([...seen]) as string[][]).flat();
  // one rank: MPI calls no op
  assert.deepEqual(
    [...new Set(kinds)],
    size > 1 ? ["Float64Array:MPI_DOUBLE"] : [],
  );
  matmul.Free();
});

test("a throwing user op surfaces as an error with cause", () => {
  const bad = mpi.Op.Create(() => {
    throw new RangeError("user op failed");
  }, true);
  const acc = new Float64Array([1]);
  assert.throws(
    () => mpi.Reduce_local(new Float64Array([2]), acc, bad),
    (e: unknown) =>
      e instanceof Error && (e.cause as Error)?.message === "user op failed",
  );
  bad.Free();
});

test("Reduce_local with built-in and user ops", () => {
  const acc = new Float64Array([1, 2]);
  mpi.Reduce_local(new Float64Array([10, 20]), acc, mpi.SUM);
  assert.deepEqual([...acc], [11, 22]);
  const bor = mpi.Op.Create((a, b) => {
    const x = a as Uint8Array, y = b as Uint8Array;
    for (let i = 0; i < x.length; i++) y[i] |= x[i];
  }, true);
  const b2 = new Uint8Array([2]);
  mpi.Reduce_local([new Uint8Array([4]), mpi.BYTE], [b2, mpi.BYTE], bor);
  assert.equal(b2[0], 6);
  bor.Free();
  assert.equal(world.allreduce(rank), sumTo(size));
});

test("a user op in a nonblocking reduction runs on the JavaScript thread under waitAsync", async () => {
  const calls: boolean[] = [];
  const absMax = mpi.Op.Create((invec, inout) => {
    calls.push(true);
    // Float64Array or Int32Array views, by datatype.
    const a = invec as Float64Array, b = inout as Float64Array;
    for (let i = 0; i < b.length; i++) {
      b[i] = Math.max(Math.abs(a[i]), Math.abs(b[i]));
    }
  }, true);
  const out = new Float64Array(3);
  const req = world.Iallreduce(
    new Float64Array([rank - size, rank + 0.5, rank % 2 ? -9 : 1]),
    out,
    absMax,
  );
  await req.waitAsync();
  // One rank: the data itself (MPI does not call the op).
  assert.deepEqual([...out], size > 1 ? [size, size - 0.5, 9] : [-1, 0.5, 1]);
  // Some rank combined data (which ones depends on the algorithm).
  assert.equal((world.allreduce(calls.length) as number) > 0, size > 1);
  const sum = new Int32Array(1);
  const p = world.Allreduce_init(new Int32Array([rank]), sum, absMax);
  // Int32 data through the same op: views follow the datatype.
  p.Start();
  await p.waitAsync();
  assert.equal(sum[0], size - 1);
  p.Free();
  absMax.Free();
});
