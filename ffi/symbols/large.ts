/**
 * C symbols: the MPI-4 large-count (`_c`) forms mpi4ts uses for counts
 * above 2^31 - 1 (MPICH 4; Open MPI 4.1 lacks them, and they are then not
 * bound).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

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
} as const satisfies Record<string, FnDef>;
