/**
 * C symbols: MPI-4 partitioned point-to-point (MPICH 4; Open MPI 4.1 lacks
 * them, and they are then not bound).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Partitioned communication (MPI-4.1 §4). */
export const partitioned = {
  MPI_Psend_init: {
    parameters: [
      "buffer", // const void *buf
      "i32", // int partitions
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "i32", // int dest
      "i32", // int tag
      "handle", // MPI_Comm comm
      "handle", // MPI_Info info
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Precv_init: {
    parameters: [
      "buffer", // void *buf
      "i32", // int partitions
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
      "i32", // int source
      "i32", // int tag
      "handle", // MPI_Comm comm
      "handle", // MPI_Info info
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Pready: {
    parameters: [
      "i32", // int partition
      "handle", // MPI_Request request
    ],
    result: "i32",
  },
  MPI_Pready_range: {
    parameters: [
      "i32", // int partition_low
      "i32", // int partition_high
      "handle", // MPI_Request request
    ],
    result: "i32",
  },
  MPI_Pready_list: {
    parameters: [
      "i32", // int length
      "buffer", // int array_of_partitions[]
      "handle", // MPI_Request request
    ],
    result: "i32",
  },
  MPI_Parrived: {
    parameters: [
      "handle", // MPI_Request request
      "i32", // int partition
      "buffer", // int *flag
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
