/**
 * Making topology communicators: argument checks and the C calls behind
 * `Intracomm.Create_cart`, `Create_graph`, `Create_dist_graph_adjacent`,
 * `Create_dist_graph`, and `Compute_dims`. Each returns the new handle;
 * the communicator classes wrap it in the class its topology asks for.
 *
 * @module
 */
import {
  type Handle,
  lib,
  type Pointer,
  readHandle,
  UNWEIGHTED_PTR,
} from "../ffi/lib.ts";
import { check, count, describe, int } from "../core/errors.ts";
import { type Info, infoHandle } from "../core/info.ts";

const handleOut = new Uint8Array(8);

/** An array of integers as a C `int[]`, each checked by `each`. */
export function ints(
  values: unknown,
  name: string,
  each: (v: unknown, what: string) => number = int,
): Int32Array {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new TypeError(
      `${name} must be an array of integers, got ${describe(values)}`,
    );
  }
  return Int32Array.from(
    values as ArrayLike<unknown>,
    (v, i) => each(v, `${name}[${i}]`),
  );
}

/**
 * `a` for C, never a null pointer: an empty array still needs an address
 * (MPICH rejects NULL even when the count is 0).
 */
function cArray(a: Int32Array): Int32Array {
  return a.length ? a : new Int32Array(1);
}

/** Balanced dimensions for `nnodes` processes (`MPI_Dims_create`); zeros in `dims` are filled in. */
export function computeDims(
  nnodes: number,
  dims: number | readonly number[],
): number[] {
  const n = count(nnodes, "nnodes");
  const d = typeof dims === "number"
    ? new Int32Array(count(dims, "dims"))
    : ints(dims, "dims", count);
  check(lib.MPI_Dims_create(n, d.length, d), "MPI_Dims_create");
  return [...d];
}

/** `MPI_Cart_create`. */
export function createCart(
  comm: Handle,
  dims: readonly number[],
  periods: readonly boolean[] | undefined,
  reorder: boolean,
): Handle {
  const d = ints(dims, "dims", count);
  const p = Int32Array.from(periods ?? [], (x) => (x ? 1 : 0));
  if (periods !== undefined && p.length !== d.length) {
    throw new TypeError(
      `periods must have ${d.length} entries like dims, got ${p.length}`,
    );
  }
  const full = new Int32Array(d.length);
  full.set(p);
  check(
    lib.MPI_Cart_create(comm, d.length, d, full, reorder ? 1 : 0, handleOut),
    "MPI_Cart_create",
  );
  return readHandle(handleOut);
}

/** `MPI_Graph_create`: `index[i]` is the end of node i's edges in `edges`. */
export function createGraph(
  comm: Handle,
  index: readonly number[],
  edges: readonly number[],
  reorder: boolean,
): Handle {
  const ix = ints(index, "index", count), e = ints(edges, "edges", count);
  if (ix.length && ix[ix.length - 1] !== e.length) {
    throw new RangeError(
      `index: the last entry (${
        ix[ix.length - 1]
      }) must equal the number of edges (${e.length})`,
    );
  }
  check(
    lib.MPI_Graph_create(
      comm,
      ix.length,
      cArray(ix),
      cArray(e),
      reorder ? 1 : 0,
      handleOut,
    ),
    "MPI_Graph_create",
  );
  return readHandle(handleOut);
}

/** Weights as C `int[]`, or `MPI_UNWEIGHTED`. */
function weightsOf(
  w: readonly number[] | undefined,
  n: number,
  name: string,
): Int32Array | Pointer {
  if (w === undefined) return UNWEIGHTED_PTR;
  const a = ints(w, name, count);
  if (a.length !== n) {
    throw new TypeError(`${name} must have ${n} entries, got ${a.length}`);
  }
  return a;
}

type AdjacentFn = (...args: unknown[]) => number;

/** `MPI_Dist_graph_create_adjacent`. */
export function createDistGraphAdjacent(
  comm: Handle,
  sources: readonly number[],
  destinations: readonly number[],
  sourceWeights: readonly number[] | undefined,
  destWeights: readonly number[] | undefined,
  info: Info | undefined,
  reorder: boolean,
): Handle {
  const s = ints(sources, "sources"), d = ints(destinations, "destinations");
  const sw = weightsOf(sourceWeights, s.length, "sourceWeights");
  const dw = weightsOf(destWeights, d.length, "destWeights");
  // Weights are arrays or MPI_UNWEIGHTED: pick the binding that takes both.
  const key = sourceWeights === undefined && destWeights === undefined
    ? "MPI_Dist_graph_create_adjacent@3,6"
    : sourceWeights === undefined
    ? "MPI_Dist_graph_create_adjacent@3"
    : destWeights === undefined
    ? "MPI_Dist_graph_create_adjacent@6"
    : "MPI_Dist_graph_create_adjacent";
  check(
    (lib[key] as AdjacentFn)(
      comm,
      s.length,
      cArray(s),
      sw instanceof Int32Array ? cArray(sw) : sw,
      d.length,
      cArray(d),
      dw instanceof Int32Array ? cArray(dw) : dw,
      infoHandle(info),
      reorder ? 1 : 0,
      handleOut,
    ),
    "MPI_Dist_graph_create_adjacent",
  );
  return readHandle(handleOut);
}

/** `MPI_Dist_graph_create`: edges from `sources[i]` to its `degrees[i]` destinations. */
export function createDistGraph(
  comm: Handle,
  sources: readonly number[],
  degrees: readonly number[],
  destinations: readonly number[],
  weights: readonly number[] | undefined,
  info: Info | undefined,
  reorder: boolean,
): Handle {
  const s = ints(sources, "sources"), g = ints(degrees, "degrees", count);
  const d = ints(destinations, "destinations");
  if (g.length !== s.length) {
    throw new TypeError(
      `degrees must have ${s.length} entries like sources, got ${g.length}`,
    );
  }
  const total = g.reduce((a, b) => a + b, 0);
  if (total !== d.length) {
    throw new RangeError(
      `destinations: degrees add up to ${total}, got ${d.length}`,
    );
  }
  const w = weightsOf(weights, d.length, "weights");
  const fn =
    (weights === undefined
      ? lib["MPI_Dist_graph_create@5"]
      : lib.MPI_Dist_graph_create) as AdjacentFn;
  check(
    fn(
      comm,
      s.length,
      s,
      g,
      d,
      w,
      infoHandle(info),
      reorder ? 1 : 0,
      handleOut,
    ),
    "MPI_Dist_graph_create",
  );
  return readHandle(handleOut);
}
