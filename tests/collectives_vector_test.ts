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
