import {
  assert,
  assertThrowsNaming,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

const range = (n: number) => [...Array(n).keys()];

test("Gatherv with counts and displacements, every root; untouched gaps", () => {
  for (let root = 0; root < size; root++) {
    const counts = range(size).map((r) => r + 1);
    const displs = range(size).map((r) => r * (size + 1));
    const recv = new Int32Array(size * (size + 1)).fill(-1);
    const mine = new Int32Array(rank + 1).fill(rank * 10 + root);
    world.Gatherv(mine, rank === root ? [recv, [counts, displs]] : null, root);
    if (rank === root) {
      for (let r = 0; r < size; r++) {
        const block = [...recv.subarray(displs[r], displs[r] + size + 1)];
        assert.deepEqual(block, [
          ...new Array(r + 1).fill(r * 10 + root),
          ...new Array(size - r).fill(-1),
        ]);
      }
    }
  }
});

test("Gatherv of small counts (the int path): default counts, a displacement stride, IN_PLACE at the root, Igatherv and Gatherv_init", () => {
  const stride = 3;
  const expected = (
    r: number,
    form: number,
  ) => [...new Array(2).fill(100 * form + r), -1];
  for (let form = 0; form < 3; form++) {
    const recv = new Int16Array(stride * size).fill(-1);
    const mine = new Int16Array(2).fill(100 * form + rank);
    const spec = rank === 0 ? [recv, 2, stride, mpi.INT16_T] as const : null;
    if (form === 0) world.Gatherv(mine, spec, 0);
    else if (form === 1) world.Igatherv(mine, spec, 0).Wait();
    else {
      using p = world.Gatherv_init(mine, spec, 0);
      p.Start();
      p.Wait();
    }
    if (rank === 0) {
      assert.deepEqual(
        [...recv],
        range(size).flatMap((r) => expected(r, form)),
        `form ${form}`,
      );
    }
  }
  // default counts split the root's buffer evenly; the root's block in place
  const all = new Uint8Array(2 * size).fill(0xee);
  if (rank === 0) all.fill(7, 0, 2);
  world.Gatherv(
    rank === 0 ? mpi.IN_PLACE : new Uint8Array([rank, rank + 1]),
    rank === 0 ? all : null,
    0,
  );
  if (rank === 0) {
    assert.deepEqual(
      [...all],
      range(size).flatMap((r) => r === 0 ? [7, 7] : [r, r + 1]),
    );
  }
});

test("Gatherv counts and displacements that are not counts are errors naming them", () => {
  const recv = new Int32Array(4 * size);
  const counts = new Array(size).fill(1);
  assertThrowsNaming(
    () =>
      world.Gatherv(
        new Int32Array(1),
        [recv, [[...counts.slice(1), -1], 0]],
        rank,
      ),
    RangeError,
    /recvbuf counts\[\d+\] must not be negative/,
  );
  assertThrowsNaming(
    () =>
      world.Gatherv(new Int32Array(1), [recv, [counts, [
        ...counts.slice(1),
        1.5,
      ]]], rank),
    RangeError,
    /recvbuf displs\[\d+\] must be an integer/,
  );
  assertThrowsNaming(
    () =>
      world.Scatterv(
        [recv, [counts, new Array(size).fill(2 ** 31)]],
        new Int32Array(1),
        rank,
      ),
    RangeError,
    /sendbuf: block 0 \(1 elements at 2147483648\) overruns/,
  );
  world.Barrier();
});

test("Allgatherv (and IN_PLACE), Scatterv, Alltoallv", () => {
  const counts = range(size).map((r) => r + 1);
  const total = counts.reduce((a, b) => a + b, 0);
  const all = new Float64Array(total);
  world.Allgatherv(new Float64Array(rank + 1).fill(rank + 0.5), [all, counts]);
  assert.deepEqual(
    [...all],
    range(size).flatMap((r) => new Array(r + 1).fill(r + 0.5)),
  );

  const inplace = new Float64Array(total);
  const displs = range(size).map((r) => (r * (r + 1)) / 2);
  inplace.fill(rank + 0.25, displs[rank], displs[rank] + rank + 1);
  world.Allgatherv(mpi.IN_PLACE, [inplace, [counts, displs], mpi.DOUBLE]);
  assert.deepEqual(
    [...inplace],
    range(size).flatMap((r) => new Array(r + 1).fill(r + 0.25)),
  );

  const src = rank === 0 ? Int32Array.from(range(total), (i) => i) : null;
  const got = new Int32Array(rank + 1);
  world.Scatterv(rank === 0 ? [src!, counts] : null, got, 0);
  assert.deepEqual([...got], range(rank + 1).map((i) => displs[rank] + i));

  // rank r sends j+1 elements to rank j, valued r; receives r+1 from each.
  const send = new Int32Array(total).fill(rank);
  const recv = new Int32Array(size * (rank + 1)).fill(-1);
  world.Alltoallv([send, counts], [recv, rank + 1]);
  assert.deepEqual(
    [...recv],
    range(size).flatMap((r) => new Array(rank + 1).fill(r)),
  );
});

test("vector specs that overrun the buffer are RangeErrors", () => {
  const recv = new Int32Array(size);
  assertThrowsNaming(
    () =>
      world.Allgatherv(new Int32Array(1), [recv, [
        new Array(size).fill(1),
        range(size).map((r) => r + 1),
      ]]),
    RangeError,
    /recvbuf: block/,
  );
  assertThrowsNaming(
    () => world.Allgatherv(new Int32Array(1), [recv, [1, 2, 3, 4, 5]]),
    TypeError,
    /counts/,
  );
  world.Barrier();
});

test("Alltoallw with a different datatype per peer, and IN_PLACE", () => {
  const n = size;
  const ranks = [...Array(n).keys()];
  // Send rank j (j + 1) doubles from a Float64Array, laid end to end.
  const offsets = ranks.map((j) => (j * (j + 1)) / 2);
  const sbuf = Float64Array.from(
    { length: (n * (n + 1)) / 2 },
    (_, i) => rank * 1000 + i,
  );
  // Receive from every rank (rank + 1) doubles, then one byte-typed block.
  const rbuf = new Float64Array(n * (rank + 1));
  world.Alltoallw(
    [sbuf, ranks.map((j) => j + 1), offsets.map((o) => 8 * o), mpi.DOUBLE],
    [
      rbuf,
      ranks.map(() => rank + 1),
      ranks.map((r) => 8 * r * (rank + 1)),
      mpi.DOUBLE,
    ],
  );
  const mine = offsets[rank];
  assert.deepEqual(
    [...rbuf],
    ranks.flatMap((r) =>
      [...Array(rank + 1).keys()].map((k) => r * 1000 + mine + k)
    ),
  );
  // IN_PLACE: the type of the pair (i, j) must agree on both sides.
  const intPair = (i: number, j: number) => (i + j) % 2 === 1;
  const inplace = new Int32Array(n);
  const floats = new Float32Array(inplace.buffer);
  for (const j of ranks) {
    if (intPair(rank, j)) inplace[j] = rank * 10 + j;
    else floats[j] = rank + j / 4;
  }
  world.Alltoallw(mpi.IN_PLACE, [
    inplace,
    ranks.map(() => 1),
    ranks.map((j) => 4 * j),
    ranks.map((j) => intPair(rank, j) ? mpi.INT32_T : mpi.FLOAT),
  ]);
  for (const j of ranks) {
    if (intPair(rank, j)) assert.equal(inplace[j], j * 10 + rank);
    else assert.equal(floats[j], j + rank / 4);
  }
});

test("Alltoallw blocks that overrun the buffer, and bad type lists", () => {
  const ones = new Array(size).fill(1);
  const bytes = [...Array(size).keys()].map((j) => 4 * j);
  assertThrowsNaming(
    () =>
      world.Alltoallw([new Int32Array(size), ones, bytes, mpi.DOUBLE], [
        new Int32Array(size),
        ones,
        bytes,
        mpi.INT32_T,
      ]),
    RangeError,
    /sendbuf: block \d+ \(1 × MPI_DOUBLE/,
  );
  assertThrowsNaming(
    () =>
      world.Alltoallw([
        new Int32Array(size),
        ones,
        bytes,
        [...ones, 1].map(() => mpi.INT32_T),
      ], [new Int32Array(size), ones, bytes, mpi.INT32_T]),
    TypeError,
    /sendbuf types must have/,
  );
});

test("counts and displacements may be typed arrays (as mpi4py takes NumPy arrays), Alltoallw's too", () => {
  const counts = Int32Array.from(range(size), (r) => r + 1);
  const displs = Float64Array.from(range(size), (r) => (r * (r + 1)) / 2);
  const total = (size * (size + 1)) / 2;
  const expected = range(size).flatMap((r) => new Array(r + 1).fill(r));
  const mine = new Int32Array(rank + 1).fill(rank);
  for (
    const spec of [
      (buf: Int32Array) => [buf, counts] as const,
      (buf: Int32Array) => [buf, [counts, displs]] as const,
      (buf: Int32Array) => [buf, counts, displs, mpi.INT32_T] as const,
    ]
  ) {
    const all = new Int32Array(total).fill(-1);
    world.Allgatherv(mine, spec(all));
    assert.deepEqual([...all], expected);
    const at = new Int32Array(total).fill(-1);
    world.Gatherv(mine, rank === size - 1 ? spec(at) : null, size - 1);
    if (rank === size - 1) assert.deepEqual([...at], expected);
  }
  const fromAll = new Int32Array(size).fill(-1);
  world.Alltoallw(
    [
      new Int32Array(size).fill(rank),
      new Int32Array(size).fill(1),
      Int32Array.from(range(size), (j) => 4 * j),
      mpi.INT32_T,
    ],
    [
      fromAll,
      new Int32Array(size).fill(1),
      Float64Array.from(range(size), (j) => 4 * j),
      range(size).map(() => mpi.INT32_T),
    ],
  );
  assert.deepEqual([...fromAll], range(size));
  const each = new Int32Array(size).fill(2);
  const sum = new Int32Array(2);
  world.Reduce_scatter(new Int32Array(2 * size).fill(rank + 1), sum, each);
  const ranksSum = (size * (size + 1)) / 2;
  assert.deepEqual([...sum], [ranksSum, ranksSum]);
  assertThrowsNaming(
    () => world.Allgatherv(mine, [new Int32Array(total), counts.subarray(1)]),
    TypeError,
    new RegExp(`recvbuf counts must have ${size} entries, one per rank`),
  );
  assertThrowsNaming(
    () =>
      world.Allgatherv(mine, [
        new Int32Array(total),
        // A JavaScript caller's mistake that the types catch.
        BigInt64Array.from(range(size), BigInt) as unknown as Int32Array,
      ]),
    TypeError,
    /recvbuf counts\[0\] must be an integer, got bigint/,
  );
});

test("nonblocking vector collectives keep their own counts until they complete", () => {
  // The standard lets MPI read counts until a call completes, so each call
  // keeps its own copy, cut from small slabs: enough calls are in flight to
  // span several. Call k's counts differ from its neighbours', and a typed
  // array of counts is overwritten right after its call starts. (Both MPIs
  // here read counts when the call starts, so only the result is checked.)
  const calls = 300;
  const countsOf = (k: number) => range(size).map((r) => r + 1 + (k % 3));
  const out = range(calls).map((k) =>
    new Int32Array(countsOf(k).reduce((a, b) => a + b, 0)).fill(-1)
  );
  const reqs = out.map((all, k) => {
    const counts = countsOf(k), typed = Int32Array.from(counts);
    const req = world.Iallgatherv(
      new Int32Array(counts[rank]).fill(rank * 1000 + k),
      [all, k % 2 ? typed : counts],
    );
    typed.fill(0);
    return req;
  });
  mpi.Request.Waitall(reqs);
  out.forEach((all, k) =>
    assert.deepEqual(
      [...all],
      countsOf(k).flatMap((c, r) => new Array(c).fill(r * 1000 + k)),
      `call ${k}`,
    )
  );
});
