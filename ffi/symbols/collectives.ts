/**
 * C symbols: collective communication.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** `(sendbuf, recvbuf, count, datatype, op, comm)`: Allreduce, Scan, Exscan. */
const REDUCE_ALL = [
  "buffer", // const void *sendbuf
  "buffer", // void *recvbuf
  "i32", // int count
  "handle", // MPI_Datatype datatype
  "handle", // MPI_Op op
  "handle", // MPI_Comm comm
] as const;

/** `(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm)`: Gather, Scatter. */
const ROOTED_BLOCKS = [
  "buffer", // const void *sendbuf
  "i32", // int sendcount
  "handle", // MPI_Datatype sendtype
  "buffer", // void *recvbuf
  "i32", // int recvcount
  "handle", // MPI_Datatype recvtype
  "i32", // int root
  "handle", // MPI_Comm comm
] as const;

/** `(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm)`: Allgather, Alltoall. */
const ALL_BLOCKS = [
  "buffer", // const void *sendbuf
  "i32", // int sendcount
  "handle", // MPI_Datatype sendtype
  "buffer", // void *recvbuf
  "i32", // int recvcount
  "handle", // MPI_Datatype recvtype
  "handle", // MPI_Comm comm
] as const;

/** Blocking collective communication (MPI-4.1 §6). */
/** Like `MPI_Alltoallw`, but its displacements are `MPI_Aint`s. */
const NEIGHBOR_ALLTOALLW = {
  parameters: [
    "buffer", // const void *sendbuf
    "buffer", // const int sendcounts[]
    "buffer", // const MPI_Aint sdispls[] (bytes)
    "buffer", // const MPI_Datatype sendtypes[]
    "buffer", // void *recvbuf
    "buffer", // const int recvcounts[]
    "buffer", // const MPI_Aint rdispls[] (bytes)
    "buffer", // const MPI_Datatype recvtypes[]
    "handle", // MPI_Comm comm
  ],
  result: "i32",
} as const;

const blocking = {
  MPI_Barrier: {
    parameters: [
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Bcast: {
    parameters: [
      "buffer", // void *buffer
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "i32", // int root
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Reduce: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // void *recvbuf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
      "i32", // int root
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Allreduce: { parameters: REDUCE_ALL, result: "i32", sentinels: [0] },
  MPI_Gather: { parameters: ROOTED_BLOCKS, result: "i32", sentinels: [0] },
  MPI_Scatter: { parameters: ROOTED_BLOCKS, result: "i32", sentinels: [3] },
  MPI_Allgather: { parameters: ALL_BLOCKS, result: "i32", sentinels: [0] },
  MPI_Alltoall: { parameters: ALL_BLOCKS, result: "i32", sentinels: [0] },
  MPI_Gatherv: {
    parameters: [
      "buffer", // const void *sendbuf
      "i32", // int sendcount
      "handle", // MPI_Datatype sendtype
      "buffer", // void *recvbuf
      "buffer", // const int recvcounts[]
      "buffer", // const int displs[]
      "handle", // MPI_Datatype recvtype
      "i32", // int root
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Scatterv: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // const int sendcounts[]
      "buffer", // const int displs[]
      "handle", // MPI_Datatype sendtype
      "buffer", // void *recvbuf
      "i32", // int recvcount
      "handle", // MPI_Datatype recvtype
      "i32", // int root
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [4],
  },
  MPI_Allgatherv: {
    parameters: [
      "buffer", // const void *sendbuf
      "i32", // int sendcount
      "handle", // MPI_Datatype sendtype
      "buffer", // void *recvbuf
      "buffer", // const int recvcounts[]
      "buffer", // const int displs[]
      "handle", // MPI_Datatype recvtype
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Alltoallv: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // const int sendcounts[]
      "buffer", // const int sdispls[]
      "handle", // MPI_Datatype sendtype
      "buffer", // void *recvbuf
      "buffer", // const int recvcounts[]
      "buffer", // const int rdispls[]
      "handle", // MPI_Datatype recvtype
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Alltoallw: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // const int sendcounts[]
      "buffer", // const int sdispls[] (bytes)
      "buffer", // const MPI_Datatype sendtypes[]
      "buffer", // void *recvbuf
      "buffer", // const int recvcounts[]
      "buffer", // const int rdispls[] (bytes)
      "buffer", // const MPI_Datatype recvtypes[]
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Scan: { parameters: REDUCE_ALL, result: "i32", sentinels: [0] },
  MPI_Exscan: { parameters: REDUCE_ALL, result: "i32", sentinels: [0] },
  MPI_Reduce_scatter_block: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // void *recvbuf
      "i32", // int recvcount
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Reduce_scatter: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // void *recvbuf
      "buffer", // const int recvcounts[]
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Reduce_local: {
    parameters: [
      "buffer", // const void *inbuf
      "buffer", // void *inoutbuf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

/** The nonblocking form of a blocking entry: the same parameters plus `MPI_Request *request`. */
function nonblocking<D extends FnDef>(
  def: D,
): {
  parameters: [...D["parameters"], "buffer"];
  result: "i32";
  sentinels?: readonly number[];
} {
  return {
    // ..., MPI_Request *request
    parameters: [...def.parameters, "buffer"] as unknown as [
      ...D["parameters"],
      "buffer",
    ],
    result: "i32",
    sentinels: def.sentinels,
  };
}

/**
 * The persistent form (MPI-4) of a blocking entry: the same parameters plus
 * `MPI_Info info, MPI_Request *request`; Open MPI 4.1 names it `MPIX_`.
 */
function persistent<D extends FnDef>(
  def: D,
  fallback: string,
): {
  parameters: [...D["parameters"], "handle", "buffer"];
  result: "i32";
  sentinels?: readonly number[];
  fallback: string;
} {
  return {
    // ..., MPI_Info info, MPI_Request *request
    parameters: [...def.parameters, "handle", "buffer"] as unknown as [
      ...D["parameters"],
      "handle",
      "buffer",
    ],
    result: "i32",
    sentinels: def.sentinels,
    fallback,
  };
}

/** Collective communication (MPI-4.1 §6): blocking, nonblocking and persistent. */
export const collectives = {
  ...blocking,
  MPI_Ibarrier: nonblocking(blocking.MPI_Barrier),
  MPI_Ibcast: nonblocking(blocking.MPI_Bcast),
  MPI_Ireduce: nonblocking(blocking.MPI_Reduce),
  MPI_Iallreduce: nonblocking(blocking.MPI_Allreduce),
  MPI_Iscan: nonblocking(blocking.MPI_Scan),
  MPI_Iexscan: nonblocking(blocking.MPI_Exscan),
  MPI_Igather: nonblocking(blocking.MPI_Gather),
  MPI_Iscatter: nonblocking(blocking.MPI_Scatter),
  MPI_Iallgather: nonblocking(blocking.MPI_Allgather),
  MPI_Ialltoall: nonblocking(blocking.MPI_Alltoall),
  MPI_Igatherv: nonblocking(blocking.MPI_Gatherv),
  MPI_Iscatterv: nonblocking(blocking.MPI_Scatterv),
  MPI_Iallgatherv: nonblocking(blocking.MPI_Allgatherv),
  MPI_Ialltoallv: nonblocking(blocking.MPI_Alltoallv),
  MPI_Ialltoallw: nonblocking(blocking.MPI_Alltoallw),
  MPI_Ireduce_scatter: nonblocking(blocking.MPI_Reduce_scatter),
  MPI_Ireduce_scatter_block: nonblocking(blocking.MPI_Reduce_scatter_block),
  MPI_Barrier_init: persistent(blocking.MPI_Barrier, "MPIX_Barrier_init"),
  MPI_Bcast_init: persistent(blocking.MPI_Bcast, "MPIX_Bcast_init"),
  MPI_Reduce_init: persistent(blocking.MPI_Reduce, "MPIX_Reduce_init"),
  MPI_Allreduce_init: persistent(blocking.MPI_Allreduce, "MPIX_Allreduce_init"),
  MPI_Scan_init: persistent(blocking.MPI_Scan, "MPIX_Scan_init"),
  MPI_Exscan_init: persistent(blocking.MPI_Exscan, "MPIX_Exscan_init"),
  MPI_Gather_init: persistent(blocking.MPI_Gather, "MPIX_Gather_init"),
  MPI_Scatter_init: persistent(blocking.MPI_Scatter, "MPIX_Scatter_init"),
  MPI_Allgather_init: persistent(blocking.MPI_Allgather, "MPIX_Allgather_init"),
  MPI_Alltoall_init: persistent(blocking.MPI_Alltoall, "MPIX_Alltoall_init"),
  MPI_Gatherv_init: persistent(blocking.MPI_Gatherv, "MPIX_Gatherv_init"),
  MPI_Scatterv_init: persistent(blocking.MPI_Scatterv, "MPIX_Scatterv_init"),
  MPI_Allgatherv_init: persistent(
    blocking.MPI_Allgatherv,
    "MPIX_Allgatherv_init",
  ),
  MPI_Alltoallv_init: persistent(blocking.MPI_Alltoallv, "MPIX_Alltoallv_init"),
  MPI_Alltoallw_init: persistent(blocking.MPI_Alltoallw, "MPIX_Alltoallw_init"),
  MPI_Reduce_scatter_init: persistent(
    blocking.MPI_Reduce_scatter,
    "MPIX_Reduce_scatter_init",
  ),
  MPI_Neighbor_allgather: blocking.MPI_Allgather,
  MPI_Neighbor_alltoallw: NEIGHBOR_ALLTOALLW,
  MPI_Ineighbor_alltoallw: nonblocking(NEIGHBOR_ALLTOALLW),
  MPI_Neighbor_alltoallw_init: persistent(
    NEIGHBOR_ALLTOALLW,
    "MPIX_Neighbor_alltoallw_init",
  ),
  MPI_Neighbor_allgatherv: blocking.MPI_Allgatherv,
  MPI_Neighbor_alltoall: blocking.MPI_Alltoall,
  MPI_Neighbor_alltoallv: blocking.MPI_Alltoallv,
  MPI_Ineighbor_allgather: nonblocking(blocking.MPI_Allgather),
  MPI_Ineighbor_allgatherv: nonblocking(blocking.MPI_Allgatherv),
  MPI_Ineighbor_alltoall: nonblocking(blocking.MPI_Alltoall),
  MPI_Ineighbor_alltoallv: nonblocking(blocking.MPI_Alltoallv),
  MPI_Neighbor_allgather_init: persistent(
    blocking.MPI_Allgather,
    "MPIX_Neighbor_allgather_init",
  ),
  MPI_Neighbor_allgatherv_init: persistent(
    blocking.MPI_Allgatherv,
    "MPIX_Neighbor_allgatherv_init",
  ),
  MPI_Neighbor_alltoall_init: persistent(
    blocking.MPI_Alltoall,
    "MPIX_Neighbor_alltoall_init",
  ),
  MPI_Neighbor_alltoallv_init: persistent(
    blocking.MPI_Alltoallv,
    "MPIX_Neighbor_alltoallv_init",
  ),
  MPI_Reduce_scatter_block_init: persistent(
    blocking.MPI_Reduce_scatter_block,
    "MPIX_Reduce_scatter_block_init",
  ),
} as const;
