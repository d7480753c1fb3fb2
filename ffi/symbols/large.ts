/**
 * C symbols: the MPI-4 large-count (`_c`) forms mpi4ts uses for counts
 * above 2^31 - 1 (MPICH 4; Open MPI 4.1 lacks them, and they are then not
 * bound).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** `MPI_Gatherv_c`'s parameters (before its `_init`/`I` additions). */
const GATHERV_C = [
  "buffer", // const void *sendbuf
  "i64", // MPI_Count sendcount
  "handle", // MPI_Datatype sendtype
  "buffer", // void *recvbuf
  "buffer", // const MPI_Count recvcounts[]
  "buffer", // const MPI_Aint displs[]
  "handle", // MPI_Datatype recvtype
  "i32", // int root
  "handle", // MPI_Comm comm
] as const;

/** Large-count point-to-point and collectives (MPI-4.1 §2.5.8). */
export const large = {
  MPI_Send_c: {
    parameters: [
      "buffer", // const void *buf
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "i32", // int dest
      "i32", // int tag
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Recv_c: {
    parameters: [
      "buffer", // void *buf
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "i32", // int source
      "i32", // int tag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Bcast_c: {
    parameters: [
      "buffer", // void *buffer
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "i32", // int root
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Allreduce_c: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // void *recvbuf
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
  MPI_Gatherv_c: { parameters: GATHERV_C, result: "i32", sentinels: [0] },
  MPI_Igatherv_c: {
    parameters: [...GATHERV_C, "buffer"], // ..., MPI_Request *request
    result: "i32",
    sentinels: [0],
  },
  MPI_Gatherv_init_c: {
    // ..., MPI_Info info, MPI_Request *request
    parameters: [...GATHERV_C, "handle", "buffer"],
    result: "i32",
    sentinels: [0],
  },
} as const satisfies Record<string, FnDef>;
