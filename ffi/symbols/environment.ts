/**
 * C symbols: initialization, errors, timers and library queries.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Environment management (MPI-4.1 §11). */
export const environment = {
  MPI_Init_thread: {
    parameters: [
      "pointer", // int *argc
      "pointer", // char ***argv
      "i32", // int required
      "buffer", // int *provided
    ],
    result: "i32",
  },
  MPI_Finalize: { parameters: [], result: "i32" },
  MPI_Initialized: {
    parameters: [
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Finalized: {
    parameters: [
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Query_thread: {
    parameters: [
      "buffer", // int *provided
    ],
    result: "i32",
  },
  MPI_Is_thread_main: {
    parameters: [
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Abort: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int errorcode
    ],
    result: "i32",
  },
  MPI_Wtime: { parameters: [], result: "f64" },
  MPI_Wtick: { parameters: [], result: "f64" },
  MPI_Get_processor_name: {
    parameters: [
      "buffer", // char *name
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
  MPI_Get_version: {
    parameters: [
      "buffer", // int *version
      "buffer", // int *subversion
    ],
    result: "i32",
  },
  MPI_Get_library_version: {
    parameters: [
      "buffer", // char *version
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
  MPI_Error_class: {
    parameters: [
      "i32", // int errorcode
      "buffer", // int *errorclass
    ],
    result: "i32",
  },
  MPI_Error_string: {
    parameters: [
      "i32", // int errorcode
      "buffer", // char *string
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
  MPI_Buffer_attach: {
    parameters: [
      "buffer", // void *buffer
      "i32", // int size
    ],
    result: "i32",
  },
  MPI_Buffer_detach: {
    parameters: [
      "buffer", // void *buffer_addr (out: void*)
      "buffer", // int *size
    ],
    result: "i32",
  },
  MPI_Alloc_mem: {
    parameters: [
      "i64", // MPI_Aint size
      "handle", // MPI_Info info
      "buffer", // void *baseptr (out: void*)
    ],
    result: "i32",
  },
  MPI_Free_mem: {
    parameters: [
      "pointer", // void *base
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
