/**
 * The public communicator classes, the factory that picks the right class
 * for every communicator MPI hands back, and `Datatype` packing (which
 * takes communicators, so it is installed here).
 *
 * @module
 */
import { C, H, type Handle, lib, readHandle } from "../ffi/lib.ts";
import { check, int, mpiError } from "../core/errors.ts";
import { type Group, groupHandle, wrapGroup } from "../core/group.ts";
import type { Info } from "../core/info.ts";
import { CollectiveComm } from "../collectives/values.ts";
import { CommCore, setCommFactory, wrapComm } from "./core.ts";
import { setPacker } from "../core/datatype.ts";
import { packer } from "./pack.ts";
import {
  createCart,
  createDistGraph,
  createDistGraphAdjacent,
  createGraph,
} from "./topology_create.ts";
import type { Cartcomm, Distgraphcomm, Graphcomm } from "./topology.ts";

const intOut = new Int32Array(1);
const handleOut = new Uint8Array(8);

/** Checks that `value` is a rank of `comm`, naming the argument `name`. */
function rankOf(
  comm: CommCore,
  value: number,
  name: string,
  call: string,
): number {
  const r = int(value, name);
  if (r >= 0 && r < comm.size) return r;
  throw mpiError(
    C.ERR_RANK,
    call,
    `${name} ${r} is not a rank of the communicator (0..${comm.size - 1})`,
  );
}

/**
 * A communicator: a group of processes and a private context for their
 * messages. Lowercase methods move values, Capitalized methods move buffers.
 *
 * @example
 * ```ts ignore
 * import * as mpi from "./mod.ts";
 * const comm = mpi.COMM_WORLD;
 * if (comm.rank === 0) comm.send({ hello: "world" }, 1);
 * if (comm.rank === 1) console.log(comm.recv(0));
 * ```
 */
export class Comm extends CollectiveComm {}

/**
 * An intracommunicator: one group of processes talking among themselves.
 *
 * @example
 * ```ts ignore
 * const sub = mpi.COMM_WORLD.Split(mpi.COMM_WORLD.rank % 2);
 * console.log(sub.rank, sub.size);
 * sub.Free();
 * ```
 */
export class Intracomm extends Comm {
  /** Splits by `color`, ordered by `key`; `UNDEFINED` color gives `COMM_NULL`. */
  override Split(color = 0, key = 0): Intracomm {
    return super.Split(color, key) as Intracomm;
  }

  /**
   * A Cartesian grid of `dims` over these processes (`MPI_Cart_create`);
   * `periods[i]` makes dimension i wrap around. Processes left over get
   * `COMM_NULL`.
   */
  Create_cart(
    dims: readonly number[],
    periods?: readonly boolean[],
    reorder = false,
  ): Cartcomm {
    return createCart(this.handle, dims, periods, reorder) as Cartcomm;
  }

  /** A graph topology (`MPI_Graph_create`): node i's edges end at `index[i]`. */
  Create_graph(
    index: readonly number[],
    edges: readonly number[],
    reorder = false,
  ): Graphcomm {
    return createGraph(this.handle, index, edges, reorder) as Graphcomm;
  }

  /**
   * A distributed graph from each process's own in- and out-neighbors
   * (`MPI_Dist_graph_create_adjacent`); weights are optional.
   */
  Create_dist_graph_adjacent(
    sources: readonly number[],
    destinations: readonly number[],
    sourceWeights?: readonly number[],
    destWeights?: readonly number[],
    info?: Info,
    reorder = false,
  ): Distgraphcomm {
    return createDistGraphAdjacent(
      this.handle,
      sources,
      destinations,
      sourceWeights,
      destWeights,
      info,
      reorder,
    ) as Distgraphcomm;
  }

  /**
   * A distributed graph from any edges each process knows
   * (`MPI_Dist_graph_create`): `sources[i]` has `degrees[i]` destinations.
   */
  Create_dist_graph(
    sources: readonly number[],
    degrees: readonly number[],
    destinations: readonly number[],
    weights?: readonly number[],
    info?: Info,
    reorder = false,
  ): Distgraphcomm {
    return createDistGraph(
      this.handle,
      sources,
      degrees,
      destinations,
      weights,
      info,
      reorder,
    ) as Distgraphcomm;
  }

  /** Splits by `splitType`, ordered by `key`; `UNDEFINED` gives `COMM_NULL`. */
  override Split_type(splitType: number, key = 0, info?: Info): Intracomm {
    return super.Split_type(splitType, key, info) as Intracomm;
  }

  /** The communicator of `group`'s processes; `COMM_NULL` outside `group`. */
  override Create(group: Group): Intracomm {
    return super.Create(group) as Intracomm;
  }

  /**
   * A communicator of the processes of `group`, made by them alone
   * (`MPI_Comm_create_group`): only members call it, with the same `group`
   * and `tag`; a call with a group this process is not in (e.g.
   * `GROUP_EMPTY`) gives `COMM_NULL`.
   */
  Create_group(group: Group, tag = 0): Intracomm {
    check(
      lib.MPI_Comm_create_group(
        this.handle,
        groupHandle(group, "group"),
        int(tag, "tag"),
        handleOut,
      ),
      "MPI_Comm_create_group",
    );
    return wrapComm(readHandle(handleOut)) as Intracomm;
  }

  /**
   * An intercommunicator between this communicator and another, disjoint
   * one (`MPI_Intercomm_create`). Both sides call it; `localLeader` is a
   * rank of this communicator, and that leader names the other side's
   * leader as `remoteLeader`, a rank of `peerComm`, a communicator both
   * leaders belong to (`peerComm` and `remoteLeader` matter only at the
   * leader; elsewhere `peerComm` may be `COMM_NULL`). `tag` must be the
   * same on both leaders.
   */
  Create_intercomm(
    localLeader: number,
    peerComm: CommCore,
    remoteLeader: number,
    tag = 0,
  ): Intercomm {
    if (!(peerComm instanceof CommCore)) {
      throw new TypeError("peerComm must be a communicator");
    }
    const call = "MPI_Intercomm_create";
    const leader = rankOf(this, localLeader, "localLeader", call);
    const atLeader = this.rank === leader;
    const peer = atLeader || peerComm !== COMM_NULL
      ? peerComm.handle
      : H.COMM_NULL!;
    const remote = atLeader
      ? rankOf(peerComm, remoteLeader, "remoteLeader", call)
      : int(remoteLeader, "remoteLeader");
    check(
      lib.MPI_Intercomm_create(
        this.handle,
        leader,
        peer,
        remote,
        int(tag, "tag"),
        handleOut,
      ),
      call,
    );
    return wrapComm(readHandle(handleOut)) as Intercomm;
  }
}

/**
 * An intercommunicator: two groups; ranks in point-to-point calls name
 * processes of the remote group.
 *
 * @example
 * ```ts ignore
 * const inter = local.Create_intercomm(0, mpi.COMM_WORLD, remoteLeader, 7);
 * console.log(inter.remote_size);
 * ```
 */
export class Intercomm extends Comm {
  /** Number of processes in the remote group (`MPI_Comm_remote_size`). */
  get remote_size(): number {
    check(
      lib.MPI_Comm_remote_size(this.handle, intOut),
      "MPI_Comm_remote_size",
    );
    return intOut[0];
  }

  /** The group of the other side (`MPI_Comm_remote_group`). Free it when done. */
  Get_remote_group(): Group {
    check(
      lib.MPI_Comm_remote_group(this.handle, handleOut),
      "MPI_Comm_remote_group",
    );
    return wrapGroup(readHandle(handleOut));
  }

  /**
   * An intracommunicator of both sides (`MPI_Intercomm_merge`): the side
   * that passes `high = true` comes after the other; sides passing the same
   * value are ordered by MPI.
   */
  Merge(high = false): Intracomm {
    check(
      lib.MPI_Intercomm_merge(this.handle, high ? 1 : 0, handleOut),
      "MPI_Intercomm_merge",
    );
    return wrapComm(readHandle(handleOut)) as Intracomm;
  }

  /** On an intercommunicator the root group's root passes `ROOT`. */
  protected override isRoot(root: number): boolean {
    return root === C.ROOT;
  }

  /** Ranks in point-to-point calls name the remote group. */
  protected override get peerCount(): number {
    return this.remote_size;
  }
}

/** The null communicator. */
export const COMM_NULL: Comm = new Comm(null, true);

/** All the processes of the job. */
export const COMM_WORLD: Intracomm = new Intracomm(H.COMM_WORLD, true);

/** Just this process. */
export const COMM_SELF: Intracomm = new Intracomm(H.COMM_SELF, true);

/** Picks the class of a new communicator from what MPI says it is. */
/** Classes of communicators with a topology, by `MPI_Topo_test` kind. */
const topologies = new Map<number, new (handle: Handle) => Intracomm>();

/** Registers the class for topology `kind` (`CART`, `GRAPH`, `DIST_GRAPH`). */
export function registerTopology(
  kind: number,
  ctor: new (handle: Handle) => Intracomm,
): void {
  topologies.set(kind, ctor);
}

function classify(handle: Handle | null): Comm {
  if (handle === null) return COMM_NULL;
  check(lib.MPI_Comm_test_inter(handle, intOut), "MPI_Comm_test_inter");
  if (intOut[0] !== 0) return new Intercomm(handle);
  check(lib.MPI_Topo_test(handle, intOut), "MPI_Topo_test");
  const ctor = topologies.get(intOut[0]) ?? Intracomm;
  return new ctor(handle);
}

setCommFactory(classify);
setPacker(packer);
