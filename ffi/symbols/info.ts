/**
 * C symbols: info objects (string key/value hints).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Info objects (MPI-4.1 §10). */
export const info = {
  MPI_Info_create: {
    parameters: [
      "buffer", // MPI_Info *info
    ],
    result: "i32",
  },
  MPI_Info_set: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // const char *key
      "buffer", // const char *value
    ],
    result: "i32",
  },
  MPI_Info_get: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // const char *key
      "i32", // int valuelen
      "buffer", // char *value
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Info_get_string: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // const char *key
      "buffer", // int *buflen
      "buffer", // char *value
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Info_get_valuelen: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // const char *key
      "buffer", // int *valuelen
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Info_delete: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // const char *key
    ],
    result: "i32",
  },
  MPI_Info_get_nkeys: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // int *nkeys
    ],
    result: "i32",
  },
  MPI_Info_get_nthkey: {
    parameters: [
      "handle", // MPI_Info info
      "i32", // int n
      "buffer", // char *key
    ],
    result: "i32",
  },
  MPI_Info_dup: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // MPI_Info *newinfo
    ],
    result: "i32",
  },
  MPI_Info_free: {
    parameters: [
      "buffer", // MPI_Info *info
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
