/**
 * Queries of process topologies — Cartesian grids, graphs and distributed
 * graphs — for the `Cartcomm`, `Graphcomm` and `Distgraphcomm` classes.
 *
 * @module
 */
import { C, type Handle, lib, readHandle } from "../ffi/lib.ts";
import { check, int, mpiError } from "../core/errors.ts";
import type { Comm } from "./comm.ts";
import { ints } from "./topology_create.ts";

const intOut = new Int32Array(3);

/** An `int[]` out-parameter of `n` entries that is never a null pointer. */
function cInts(n: number): Int32Array {
  return new Int32Array(Math.max(n, 1));
}

/** Number of dimensions of a Cartesian grid (`MPI_Cartdim_get`). */
export function cartNdim(comm: Comm): number {
  check(lib.MPI_Cartdim_get(comm.handle, intOut), "MPI_Cartdim_get");
  return intOut[0];
}

/** A Cartesian grid's extents, periodicity and this process's coordinates (`MPI_Cart_get`). */
export interface CartLayout {
  /** Extent of each dimension. */
  dims: number[];
  /** Whether each dimension wraps around. */
  periods: boolean[];
  /** This process's coordinates. */
  coords: number[];
}

/** `MPI_Cart_get`. */
export function cartGet(comm: Comm): CartLayout {
  const n = cartNdim(comm);
  const d = new Int32Array(n), p = new Int32Array(n), c = new Int32Array(n);
  check(lib.MPI_Cart_get(comm.handle, n, d, p, c), "MPI_Cart_get");
  return { dims: [...d], periods: [...p].map(Boolean), coords: [...c] };
}

/** The rank at `coords` (`MPI_Cart_rank`; periodic dimensions wrap). */
export function cartRank(comm: Comm, coords: readonly number[]): number {
  const c = ints(coords, "coords");
  const n = cartNdim(comm);
  if (c.length !== n) {
    throw new TypeError(`coords must have ${n} entries, got ${c.length}`);
  }
  check(lib.MPI_Cart_rank(comm.handle, c, intOut), "MPI_Cart_rank");
  return intOut[0];
}

/** The coordinates of `rank` (`MPI_Cart_coords`). */
export function cartCoords(comm: Comm, rank: number): number[] {
  const r = int(rank, "rank");
  if (r < 0 || r >= comm.size) {
    throw mpiError(
      C.ERR_RANK,
      "MPI_Cart_coords",
      `rank ${r} is not in 0..${comm.size - 1}`,
    );
  }
  const c = new Int32Array(cartNdim(comm));
  check(lib.MPI_Cart_coords(comm.handle, r, c.length, c), "MPI_Cart_coords");
  return [...c];
}

/** `[source, dest]` of a shift by `disp` along `direction` (`MPI_Cart_shift`). */
export function cartShift(
  comm: Comm,
  direction: number,
  disp: number,
): [number, number] {
  const d = int(direction, "direction");
  const n = cartNdim(comm);
  if (d < 0 || d >= n) {
    throw new RangeError(`direction must be in 0..${n - 1}, got ${d}`);
  }
  const out = new Int32Array(2);
  check(
    lib.MPI_Cart_shift(
      comm.handle,
      d,
      int(disp, "disp"),
      out,
      out.subarray(1),
    ),
    "MPI_Cart_shift",
  );
  return [out[0], out[1]];
}

/** The handle of the sub-grid keeping the dimensions where `remainDims` is true (`MPI_Cart_sub`). */
export function cartSub(comm: Comm, remainDims: readonly boolean[]): Handle {
  const n = cartNdim(comm);
  if (!Array.isArray(remainDims) || remainDims.length !== n) {
    throw new TypeError(`remainDims must have ${n} booleans`);
  }
  const out = new Uint8Array(8);
  check(
    lib.MPI_Cart_sub(
      comm.handle,
      Int32Array.from(remainDims, (b) => (b ? 1 : 0)),
      out,
    ),
    "MPI_Cart_sub",
  );
  return readHandle(out);
}

/** `[nnodes, nedges]` of a graph (`MPI_Graphdims_get`). */
export function graphDims(comm: Comm): [number, number] {
  check(
    lib.MPI_Graphdims_get(comm.handle, intOut, intOut.subarray(1)),
    "MPI_Graphdims_get",
  );
  return [intOut[0], intOut[1]];
}

/** `[index, edges]` of a graph (`MPI_Graph_get`). */
export function graphGet(comm: Comm): [number[], number[]] {
  const [n, e] = graphDims(comm);
  const ix = cInts(n), ed = cInts(e);
  check(lib.MPI_Graph_get(comm.handle, n, e, ix, ed), "MPI_Graph_get");
  return [[...ix.subarray(0, n)], [...ed.subarray(0, e)]];
}

/** The neighbors of `rank` in a graph (`MPI_Graph_neighbors`). */
export function graphNeighbors(comm: Comm, rank: number): number[] {
  const r = int(rank, "rank");
  check(
    lib.MPI_Graph_neighbors_count(comm.handle, r, intOut),
    "MPI_Graph_neighbors_count",
  );
  const n = intOut[0], out = cInts(n);
  check(lib.MPI_Graph_neighbors(comm.handle, r, n, out), "MPI_Graph_neighbors");
  return [...out.subarray(0, n)];
}

/** `[indegree, outdegree, weighted]` of a distributed graph (`MPI_Dist_graph_neighbors_count`). */
export function distGraphCounts(comm: Comm): [number, number, boolean] {
  check(
    lib.MPI_Dist_graph_neighbors_count(
      comm.handle,
      intOut,
      intOut.subarray(1),
      intOut.subarray(2),
    ),
    "MPI_Dist_graph_neighbors_count",
  );
  return [intOut[0], intOut[1], intOut[2] !== 0];
}

/** The neighbors of a process in a distributed graph. */
export interface DistNeighbors {
  /** Ranks this process receives from. */
  sources: number[];
  /** Ranks this process sends to. */
  destinations: number[];
  /** Weights of the in-edges, if the graph is weighted. */
  sourceWeights?: number[];
  /** Weights of the out-edges, if the graph is weighted. */
  destWeights?: number[];
}

/** In- and out-neighbors, with weights if weighted (`MPI_Dist_graph_neighbors`). */
export function distNeighbors(comm: Comm): DistNeighbors {
  const [i, o, weighted] = distGraphCounts(comm);
  const s = cInts(i), sw = cInts(i), d = cInts(o), dw = cInts(o);
  check(
    lib.MPI_Dist_graph_neighbors(comm.handle, i, s, sw, o, d, dw),
    "MPI_Dist_graph_neighbors",
  );
  const out: DistNeighbors = {
    sources: [...s.subarray(0, i)],
    destinations: [...d.subarray(0, o)],
  };
  if (weighted) {
    out.sourceWeights = [...sw.subarray(0, i)];
    out.destWeights = [...dw.subarray(0, o)];
  }
  return out;
}
