/**
 * Process topologies: Cartesian grids (shift, coordinates, sub-grids),
 * graphs and distributed graphs, and the neighbor collectives on them.
 */
import {
  assert,
  assertThrowsNaming,
  mpi,
  next,
  prev,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

test("Compute_dims balances the factors and keeps given ones", () => {
  assert.deepEqual(mpi.Compute_dims(4, 2), [2, 2]);
  assert.deepEqual(mpi.Compute_dims(6, [0, 3]), [2, 3]);
  assert.deepEqual(mpi.Compute_dims(12, 3), [3, 2, 2]);
  assertThrowsNaming(() => mpi.Compute_dims(-1, 2), RangeError, /nnodes/);
});

test("a periodic ring: Shift, Sendrecv around it, coordinates, Dup keeps the class", () => {
  const ring = world.Create_cart([size], [true]);
  assert.ok(ring instanceof mpi.Cartcomm);
  assert.equal(ring.Get_topology(), mpi.CART);
  assert.equal(world.Get_topology(), mpi.UNDEFINED);
  assert.deepEqual([ring.ndim, ring.dims, ring.periods], [1, [size], [true]]);
  assert.deepEqual(ring.coords, [ring.rank]);
  const [source, dest] = ring.Shift(0, 1);
  assert.deepEqual([source, dest], [
    (ring.rank + size - 1) % size,
    (ring.rank + 1) % size,
  ]);
  const got = new Int32Array(1);
  ring.Sendrecv(new Int32Array([ring.rank]), dest, 0, got, source, 0);
  assert.equal(got[0], source);
  assert.equal(ring.Get_cart_rank([ring.rank + size]), ring.rank, "wraps");
  const dup = ring.Dup();
  assert.ok(dup instanceof mpi.Cartcomm);
  dup.Free();
  const line = world.Create_cart([size], [false]);
  const [s, d] = line.Shift(0, 1);
  assert.equal(s, line.rank === 0 ? mpi.PROC_NULL : line.rank - 1);
  assert.equal(d, line.rank === size - 1 ? mpi.PROC_NULL : line.rank + 1);
  assertThrowsNaming(() => ring.Shift(1, 1), RangeError, /direction/);
  assertThrowsNaming(() => ring.Get_coords(size), mpi.MPIError, /rank/);
  line.Free();
  ring.Free();
});

test("a 2-D grid: coordinates and ranks round-trip, Sub keeps rows", () => {
  const dims = mpi.Compute_dims(size, 2);
  const grid = world.Create_cart(dims, [true, false]);
  for (let r = 0; r < size; r++) {
    assert.equal(grid.Get_cart_rank(grid.Get_coords(r)), r);
  }
  const rows = grid.Sub([false, true]);
  assert.ok(rows instanceof mpi.Cartcomm);
  assert.deepEqual(rows.dims, [dims[1]]);
  assert.equal(rows.rank, grid.coords[1]);
  const sum = new Int32Array(1);
  rows.Allreduce(new Int32Array([1]), sum, mpi.SUM);
  assert.equal(sum[0], dims[1]);
  assertThrowsNaming(() => grid.Get_cart_rank([0]), TypeError, /coords/);
  assertThrowsNaming(
    () => world.Create_cart([size], [true, true]),
    TypeError,
    /periods/,
  );
  rows.Free();
  grid.Free();
});

test("graph and distributed-graph rings know their neighbors", () => {
  // Node i is joined to i-1 and i+1 (one neighbor, or none, when small).
  const edges: number[] = [], index: number[] = [];
  for (let i = 0; i < size; i++) {
    const mine = [...new Set([(i + size - 1) % size, (i + 1) % size])]
      .filter((j) => j !== i);
    edges.push(...mine);
    index.push(edges.length);
  }
  const g = world.Create_graph(index, edges);
  assert.ok(g instanceof mpi.Graphcomm);
  assert.deepEqual([g.nnodes, g.nedges, g.index, g.edges], [
    size,
    edges.length,
    index,
    edges,
  ]);
  assert.deepEqual(
    g.neighbors,
    edges.slice(rank ? index[rank - 1] : 0, index[rank]),
  );
  g.Free();

  const dg = world.Create_dist_graph_adjacent([prev], [next], [7], [9]);
  assert.ok(dg instanceof mpi.Distgraphcomm);
  assert.equal(dg.Get_topology(), mpi.DIST_GRAPH);
  assert.deepEqual(dg.Get_dist_neighbors(), {
    sources: [prev],
    destinations: [next],
    sourceWeights: [7],
    destWeights: [9],
  });
  const plain = world.Create_dist_graph_adjacent([prev], [next]);
  assert.deepEqual(plain.Get_dist_neighbors(), {
    sources: [prev],
    destinations: [next],
  });
  const global = world.Create_dist_graph([rank], [1], [next]);
  assert.deepEqual([global.indegree, global.outdegree], [1, 1]);
  assert.deepEqual(global.Get_dist_neighbors().sources, [prev]);
  for (const c of [dg, plain, global]) c.Free();
});

test("neighbor collectives on a periodic ring, blocking, I and _init, values", async () => {
  const ring = world.Create_cart([size], [true]);
  const [left, right] = ring.Shift(0, 1);
  const got = new Int32Array(2);
  ring.Neighbor_allgather(new Int32Array([rank * 10]), got);
  assert.deepEqual([...got], [left * 10, right * 10]);

  // Send 100+r to the left neighbor, 200+r to the right one.
  const out = new Int32Array([100 + rank, 200 + rank]);
  const a2a = new Int32Array(2);
  await ring.Ineighbor_alltoall(out, a2a).waitAsync();
  // From the left neighbor comes what it sent right, and vice versa. (On
  // rings of 1 or 2 both neighbors are one process, and MPI leaves which
  // of its two messages lands in which block open.)
  const sorted = (a: ArrayLike<number>) => [...Array.from(a)].sort();
  const exact = size >= 3;
  const same = (actual: ArrayLike<number>, expected: number[]) =>
    assert.deepEqual(
      exact ? [...Array.from(actual)] : sorted(actual),
      exact ? expected : sorted(expected),
    );
  same(a2a, [200 + left, 100 + right]);

  const mine = new Int32Array(1), both = new Int32Array(2);
  const p = ring.Neighbor_allgather_init(mine, both);
  for (let round = 1; round <= 2; round++) {
    mine[0] = rank + round;
    p.Start();
    p.Wait();
    assert.deepEqual([...both], [left + round, right + round]);
  }
  p.Free();

  assert.deepEqual(ring.neighbor_allgather({ r: rank }), [{ r: left }, {
    r: right,
  }]);
  const values = ring.neighbor_alltoall([`L${rank}`, `R${rank}`]);
  const want = [`R${left}`, `L${right}`];
  assert.deepEqual(exact ? values : values.sort(), exact ? want : want.sort());
  assertThrowsNaming(
    () => ring.Neighbor_allgather(new Int32Array(1), new Int32Array(3)),
    RangeError,
    /recvbuf/,
  );
  ring.Free();
});

test({
  name: "Neighbor_alltoallv on a periodic ring: blocks of different sizes",
  ignore: size < 3 &&
    "needs 3 ranks: on rings of 1 or 2 both neighbors are one process, and " +
      "MPI leaves which of its two messages lands in which block open",
  fn() {
    const ring = world.Create_cart([size], [true]);
    const [left, right] = ring.Shift(0, 1);
    // One double to the left, two to the right.
    const vrecv = new Float64Array(3);
    ring.Neighbor_alltoallv([new Float64Array(3).fill(rank), [1, 2]], [
      vrecv,
      [2, 1],
    ]);
    assert.deepEqual([...vrecv], [left, left, right]);
    ring.Free();
  },
});
