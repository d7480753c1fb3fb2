/**
 * C symbols: user error handlers and user error classes, codes and strings.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Error handling (MPI-4.1 §9.3–§9.5). */
export const errors = {
  MPI_Comm_create_errhandler: {
    parameters: [
      "pointer", // MPI_Comm_errhandler_function *comm_errhandler_fn
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Comm_call_errhandler: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int errorcode
    ],
    result: "i32",
  },
  MPI_Add_error_class: {
    parameters: [
      "buffer", // int *errorclass
    ],
    result: "i32",
  },
  MPI_Add_error_code: {
    parameters: [
      "i32", // int errorclass
      "buffer", // int *errorcode
    ],
    result: "i32",
  },
  MPI_Add_error_string: {
    parameters: [
      "i32", // int errorcode
      "buffer", // const char *string
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
