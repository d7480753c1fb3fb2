/**
 * C symbols: communicators, error handlers and attributes.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

const COMM_INT_OUT = {
  parameters: [
    "handle", // MPI_Comm comm
    "buffer", // int *result
  ],
  result: "i32",
} as const;

const COMM_NEW = {
  parameters: [
    "handle", // MPI_Comm comm
    "buffer", // MPI_Comm *newcomm
  ],
  result: "i32",
} as const;

/** Communicator management (MPI-4.1 §7). */
export const comm = {
  MPI_Comm_rank: COMM_INT_OUT,
  MPI_Comm_size: COMM_INT_OUT,
  MPI_Comm_remote_size: COMM_INT_OUT,
  MPI_Comm_test_inter: COMM_INT_OUT,
  MPI_Topo_test: COMM_INT_OUT,
  MPI_Comm_dup: COMM_NEW,
  MPI_Comm_free: {
    parameters: [
      "buffer", // MPI_Comm *comm
    ],
    result: "i32",
  },
  MPI_Comm_compare: {
    parameters: [
      "handle", // MPI_Comm comm1
      "handle", // MPI_Comm comm2
      "buffer", // int *result
    ],
    result: "i32",
  },
  MPI_Comm_split: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int color
      "i32", // int key
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Comm_set_name: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // const char *comm_name
    ],
    result: "i32",
  },
  MPI_Comm_get_name: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // char *comm_name
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
  MPI_Comm_set_errhandler: {
    parameters: [
      "handle", // MPI_Comm comm
      "handle", // MPI_Errhandler errhandler
    ],
    result: "i32",
  },
  MPI_Comm_get_errhandler: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Errhandler_free: {
    parameters: [
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Comm_get_attr: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int comm_keyval
      "buffer", // void *attribute_val (out: void*)
      "buffer", // int *flag
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
