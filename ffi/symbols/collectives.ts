/**
 * C symbols: collective communication.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Collective communication (MPI-4.1 §6). */
export const collectives = {
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
  MPI_Allreduce: {
    parameters: [
      "buffer", // const void *sendbuf
      "buffer", // void *recvbuf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Op op
      "handle", // MPI_Comm comm
    ],
    result: "i32",
    sentinels: [0],
  },
} as const satisfies Record<string, FnDef>;
