/**
 * Communicators with a process topology — `Cartcomm`, `Graphcomm`,
 * `Distgraphcomm` — their queries, and the neighbor collectives they share
 * (buffer forms blocking, `I` and `_init`; value forms).
 *
 * @module
 */
import { C, type Handle, lib, readHandle } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check, int, mpiError } from "../core/errors.ts";
import {
  type BufSpec,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { Prequest, Request } from "../core/request.ts";
import { type CollectiveCall, invoke } from "../collectives/forms.ts";
import { resolveVector, type VecSpec } from "../collectives/vector.ts";
import { exchangeValues } from "../collectives/value_layout.ts";
import { Intracomm, registerTopology } from "./comm.ts";
import { ints } from "./topology_create.ts";
import { wrapComm } from "./core.ts";

const intOut = new Int32Array(3);
const SEND = new BufMessage(), RECV = new BufMessage();

/**
 * The base of the topology communicators: neighbor collectives over the
 * in-neighbors (receive side) and out-neighbors (send side).
 *
 * @example
 * ```ts ignore
 * const ring = comm.Create_cart([comm.size], [true]);
 * const got = new Int32Array(2); // from the left and right neighbors
 * ring.Neighbor_allgather(new Int32Array([comm.rank]), got);
 * ```
 */
export abstract class TopoComm extends Intracomm {
  /** Numbers of in-neighbors and out-neighbors of this process. */
  abstract get degrees(): [indegree: number, outdegree: number];

  /** A buffer split into `n` equal blocks: `[buf, count per block, type, owner]`. */
  #blocks(
    spec: BufSpec,
    n: number,
    m: BufMessage,
    what: string,
  ): [unknown, number, Handle, unknown] {
    resolve(spec, m, what);
    if (n > 0 && m.count % n !== 0) {
      throw new RangeError(
        `${what}: ${m.count} elements cannot be split evenly among ${n} neighbors`,
      );
    }
    return [m.buf, n > 0 ? m.count / n : 0, m.type, m.owner];
  }

  #allgather(sendbuf: BufSpec, recvbuf: BufSpec): CollectiveCall {
    const [sb, sc, st, so] = this.#blocks(sendbuf, 1, SEND, "sendbuf");
    const [rb, rc, rt, ro] = this.#blocks(
      recvbuf,
      this.degrees[0],
      RECV,
      "recvbuf",
    );
    return {
      name: "MPI_Neighbor_allgather",
      args: [sb, sc, st, rb, rc, rt],
      keep: [so, ro],
    };
  }

  #alltoall(sendbuf: BufSpec, recvbuf: BufSpec): CollectiveCall {
    const [ind, outd] = this.degrees;
    const [sb, sc, st, so] = this.#blocks(sendbuf, outd, SEND, "sendbuf");
    const [rb, rc, rt, ro] = this.#blocks(recvbuf, ind, RECV, "recvbuf");
    return {
      name: "MPI_Neighbor_alltoall",
      args: [sb, sc, st, rb, rc, rt],
      keep: [so, ro],
    };
  }

  #allgatherv(sendbuf: BufSpec, recvbuf: VecSpec): CollectiveCall {
    const [sb, sc, st, so] = this.#blocks(sendbuf, 1, SEND, "sendbuf");
    const r = resolveVector(recvbuf, this.degrees[0], "recvbuf");
    return {
      name: "MPI_Neighbor_allgatherv",
      args: [sb, sc, st, r.buf, r.counts, r.displs, r.type],
      keep: [so, r.owner, r.counts, r.displs],
    };
  }

  #alltoallv(sendbuf: VecSpec, recvbuf: VecSpec): CollectiveCall {
    const [ind, outd] = this.degrees;
    const s = resolveVector(sendbuf, outd, "sendbuf");
    const r = resolveVector(recvbuf, ind, "recvbuf");
    return {
      name: "MPI_Neighbor_alltoallv",
      args: [
        s.buf,
        s.counts,
        s.displs,
        s.type,
        r.buf,
        r.counts,
        r.displs,
        r.type,
      ],
      keep: [s.owner, s.counts, s.displs, r.owner, r.counts, r.displs],
    };
  }

  #run<R extends Request | undefined>(call: CollectiveCall, req: R): R {
    invoke(call, this.handle, req);
    return req;
  }

  /** Gathers one block from each in-neighbor (`MPI_Neighbor_allgather`). */
  Neighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.#run(this.#allgather(sendbuf, recvbuf), undefined);
  }
  /** Starts `Neighbor_allgather` (`MPI_Ineighbor_allgather`). */
  Ineighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return this.#run(this.#allgather(sendbuf, recvbuf), new Request());
  }
  /** A persistent `Neighbor_allgather` (`MPI_Neighbor_allgather_init`). */
  Neighbor_allgather_init(sendbuf: BufSpec, recvbuf: BufSpec): Prequest {
    return this.#run(this.#allgather(sendbuf, recvbuf), new Prequest());
  }

  /** Gathers blocks of varying size from the in-neighbors (`MPI_Neighbor_allgatherv`). */
  Neighbor_allgatherv(sendbuf: BufSpec, recvbuf: VecSpec): void {
    this.#run(this.#allgatherv(sendbuf, recvbuf), undefined);
  }
  /** Starts `Neighbor_allgatherv` (`MPI_Ineighbor_allgatherv`). */
  Ineighbor_allgatherv(sendbuf: BufSpec, recvbuf: VecSpec): Request {
    return this.#run(this.#allgatherv(sendbuf, recvbuf), new Request());
  }

  /** Sends block i to out-neighbor i, receiving block j from in-neighbor j (`MPI_Neighbor_alltoall`). */
  Neighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.#run(this.#alltoall(sendbuf, recvbuf), undefined);
  }
  /** Starts `Neighbor_alltoall` (`MPI_Ineighbor_alltoall`). */
  Ineighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return this.#run(this.#alltoall(sendbuf, recvbuf), new Request());
  }
  /** A persistent `Neighbor_alltoall` (`MPI_Neighbor_alltoall_init`). */
  Neighbor_alltoall_init(sendbuf: BufSpec, recvbuf: BufSpec): Prequest {
    return this.#run(this.#alltoall(sendbuf, recvbuf), new Prequest());
  }

  /** Neighbor all-to-all with blocks of varying size (`MPI_Neighbor_alltoallv`). */
  Neighbor_alltoallv(sendbuf: VecSpec, recvbuf: VecSpec): void {
    this.#run(this.#alltoallv(sendbuf, recvbuf), undefined);
  }
  /** Starts `Neighbor_alltoallv` (`MPI_Ineighbor_alltoallv`). */
  Ineighbor_alltoallv(sendbuf: VecSpec, recvbuf: VecSpec): Request {
    return this.#run(this.#alltoallv(sendbuf, recvbuf), new Request());
  }

  /** One value from each in-neighbor, in neighbor order. */
  neighbor_allgather(obj: unknown): unknown[] {
    const [ind, outd] = this.degrees;
    return this.neighbor_alltoall(new Array(outd).fill(obj)).slice(0, ind);
  }

  /** Sends `objs[i]` to out-neighbor i; returns one value per in-neighbor. */
  neighbor_alltoall(objs: readonly unknown[]): unknown[] {
    const [ind, outd] = this.degrees;
    if (!Array.isArray(objs) || objs.length !== outd) {
      throw new TypeError(
        `objs must be an array of ${outd} values (one per out-neighbor)`,
      );
    }
    const D = DATATYPES.DOUBLE.handle, B = DATATYPES.BYTE.handle;
    return exchangeValues(
      objs,
      ind,
      (ss, rs) =>
        check(
          lib.MPI_Neighbor_alltoall(ss, 1, D, rs, 1, D, this.handle),
          "MPI_Neighbor_alltoall",
        ),
      (sb, sc, sd, rb, rc, rd) =>
        check(
          lib.MPI_Neighbor_alltoallv(sb, sc, sd, B, rb, rc, rd, B, this.handle),
          "MPI_Neighbor_alltoallv",
        ),
    );
  }
}

/**
 * A communicator on a Cartesian grid.
 *
 * @example
 * ```ts ignore
 * const grid = comm.Create_cart(mpi.Compute_dims(comm.size, 2), [true, false]);
 * const [left, right] = grid.Shift(0, 1);
 * ```
 */
export class Cartcomm extends TopoComm {
  /** Number of dimensions (`MPI_Cartdim_get`). */
  get ndim(): number {
    check(lib.MPI_Cartdim_get(this.handle, intOut), "MPI_Cartdim_get");
    return intOut[0];
  }

  #get(): { dims: number[]; periods: boolean[]; coords: number[] } {
    const n = this.ndim;
    const d = new Int32Array(n), p = new Int32Array(n), c = new Int32Array(n);
    check(lib.MPI_Cart_get(this.handle, n, d, p, c), "MPI_Cart_get");
    return { dims: [...d], periods: [...p].map(Boolean), coords: [...c] };
  }

  /** Extent of each dimension. */
  get dims(): number[] {
    return this.#get().dims;
  }
  /** Whether each dimension wraps around. */
  get periods(): boolean[] {
    return this.#get().periods;
  }
  /** This process's coordinates. */
  get coords(): number[] {
    return this.#get().coords;
  }

  /** Two neighbors per dimension, both sides. */
  get degrees(): [number, number] {
    const n = 2 * this.ndim;
    return [n, n];
  }

  /** The rank at `coords` (`MPI_Cart_rank`; periodic dimensions wrap). */
  Get_cart_rank(coords: readonly number[]): number {
    const c = ints(coords, "coords");
    if (c.length !== this.ndim) {
      throw new TypeError(
        `coords must have ${this.ndim} entries, got ${c.length}`,
      );
    }
    check(lib.MPI_Cart_rank(this.handle, c, intOut), "MPI_Cart_rank");
    return intOut[0];
  }

  /** The coordinates of `rank` (`MPI_Cart_coords`). */
  Get_coords(rank: number): number[] {
    const r = int(rank, "rank");
    if (r < 0 || r >= this.size) {
      throw mpiError(
        C.ERR_RANK,
        "rank",
        `rank ${r} is not in 0..${this.size - 1}`,
      );
    }
    const c = new Int32Array(this.ndim);
    check(lib.MPI_Cart_coords(this.handle, r, c.length, c), "MPI_Cart_coords");
    return [...c];
  }

  /** `[source, dest]` of a shift by `disp` along `direction` (`MPI_Cart_shift`); `PROC_NULL` off the edge. */
  Shift(direction: number, disp: number): [number, number] {
    const d = int(direction, "direction");
    if (d < 0 || d >= this.ndim) {
      throw new RangeError(
        `direction must be in 0..${this.ndim - 1}, got ${d}`,
      );
    }
    const out = new Int32Array(2);
    check(
      lib.MPI_Cart_shift(
        this.handle,
        d,
        int(disp, "disp"),
        out,
        out.subarray(1),
      ),
      "MPI_Cart_shift",
    );
    return [out[0], out[1]];
  }

  /** The sub-grids keeping the dimensions where `remainDims` is true (`MPI_Cart_sub`). */
  Sub(remainDims: readonly boolean[]): Cartcomm {
    if (!Array.isArray(remainDims) || remainDims.length !== this.ndim) {
      throw new TypeError(`remainDims must have ${this.ndim} booleans`);
    }
    const out = new Uint8Array(8);
    check(
      lib.MPI_Cart_sub(
        this.handle,
        Int32Array.from(remainDims, (b) => (b ? 1 : 0)),
        out,
      ),
      "MPI_Cart_sub",
    );
    return wrapNew(out) as Cartcomm;
  }
}

/**
 * A communicator with a graph topology.
 *
 * @example
 * ```ts ignore
 * const g = comm.Create_graph([2, 4], [1, 1, 0, 0]);
 * console.log(g.neighbors);
 * ```
 */
export class Graphcomm extends TopoComm {
  #dims(): [number, number] {
    check(
      lib.MPI_Graphdims_get(this.handle, intOut, intOut.subarray(1)),
      "MPI_Graphdims_get",
    );
    return [intOut[0], intOut[1]];
  }
  /** Number of nodes. */
  get nnodes(): number {
    return this.#dims()[0];
  }
  /** Number of edges. */
  get nedges(): number {
    return this.#dims()[1];
  }
  #get(): [number[], number[]] {
    const [n, e] = this.#dims();
    const ix = cInts(n), ed = cInts(e);
    check(lib.MPI_Graph_get(this.handle, n, e, ix, ed), "MPI_Graph_get");
    return [[...ix.subarray(0, n)], [...ed.subarray(0, e)]];
  }
  /** `index[i]`: the end of node i's edges in `edges`. */
  get index(): number[] {
    return this.#get()[0];
  }
  /** The edges of all nodes, node by node. */
  get edges(): number[] {
    return this.#get()[1];
  }
  /** The neighbors of `rank` (`MPI_Graph_neighbors`). */
  Get_neighbors(rank: number): number[] {
    const r = int(rank, "rank");
    check(
      lib.MPI_Graph_neighbors_count(this.handle, r, intOut),
      "MPI_Graph_neighbors_count",
    );
    const n = intOut[0], out = cInts(n);
    check(
      lib.MPI_Graph_neighbors(this.handle, r, n, out),
      "MPI_Graph_neighbors",
    );
    return [...out.subarray(0, n)];
  }
  /** This process's neighbors. */
  get neighbors(): number[] {
    return this.Get_neighbors(this.rank);
  }
  /** As many in- as out-neighbors: the graph's edges of this node. */
  get degrees(): [number, number] {
    const n = this.neighbors.length;
    return [n, n];
  }
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

/**
 * A communicator with a distributed graph topology.
 *
 * @example
 * ```ts ignore
 * const left = (comm.rank + comm.size - 1) % comm.size;
 * const g = comm.Create_dist_graph_adjacent([left], [(comm.rank + 1) % comm.size]);
 * console.log(g.Get_dist_neighbors());
 * ```
 */
export class Distgraphcomm extends TopoComm {
  #count(): [number, number, boolean] {
    check(
      lib.MPI_Dist_graph_neighbors_count(
        this.handle,
        intOut,
        intOut.subarray(1),
        intOut.subarray(2),
      ),
      "MPI_Dist_graph_neighbors_count",
    );
    return [intOut[0], intOut[1], intOut[2] !== 0];
  }
  /** Numbers of in- and out-neighbors. */
  get degrees(): [number, number] {
    const [i, o] = this.#count();
    return [i, o];
  }
  /** Number of in-neighbors. */
  get indegree(): number {
    return this.#count()[0];
  }
  /** Number of out-neighbors. */
  get outdegree(): number {
    return this.#count()[1];
  }
  /** In- and out-neighbors, with weights if weighted (`MPI_Dist_graph_neighbors`). */
  Get_dist_neighbors(): DistNeighbors {
    const [i, o, weighted] = this.#count();
    const s = cInts(i), sw = cInts(i), d = cInts(o), dw = cInts(o);
    check(
      lib.MPI_Dist_graph_neighbors(this.handle, i, s, sw, o, d, dw),
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
}

/** An `int[]` out-parameter of `n` entries that is never a null pointer. */
function cInts(n: number): Int32Array {
  return new Int32Array(Math.max(n, 1));
}

function wrapNew(cell: Uint8Array): unknown {
  return wrapComm(readHandle(cell));
}

registerTopology(C.CART, Cartcomm as unknown as new (h: Handle) => Intracomm);
registerTopology(C.GRAPH, Graphcomm as unknown as new (h: Handle) => Intracomm);
registerTopology(
  C.DIST_GRAPH,
  Distgraphcomm as unknown as new (h: Handle) => Intracomm,
);
