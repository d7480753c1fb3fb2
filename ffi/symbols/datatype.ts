/**
 * C symbols: datatypes and reduction operations.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

const TYPE_INT_OUT = {
  parameters: [
    "handle", // MPI_Datatype datatype
    "buffer", // int *size
  ],
  result: "i32",
} as const;

const TYPE_EXTENT_OUT = {
  parameters: [
    "handle", // MPI_Datatype datatype
    "buffer", // MPI_Count *lb
    "buffer", // MPI_Count *extent
  ],
  result: "i32",
} as const;

/** Datatypes (MPI-4.1 §5) and operations (§6.9). */
export const datatype = {
  MPI_Type_size: TYPE_INT_OUT,
  MPI_Type_size_x: {
    parameters: [
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Count *size
    ],
    result: "i32",
  },
  MPI_Type_get_extent_x: TYPE_EXTENT_OUT,
  MPI_Type_get_true_extent_x: TYPE_EXTENT_OUT,
  MPI_Type_commit: {
    parameters: [
      "buffer", // MPI_Datatype *datatype
    ],
    result: "i32",
  },
  MPI_Type_free: {
    parameters: [
      "buffer", // MPI_Datatype *datatype
    ],
    result: "i32",
  },
  MPI_Type_dup: {
    parameters: [
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_contiguous: {
    parameters: [
      "i32", // int count
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_hindexed: {
    parameters: [
      "i32", // int count
      "buffer", // const int array_of_blocklengths[]
      "buffer", // const MPI_Aint array_of_displacements[]
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_set_name: {
    parameters: [
      "handle", // MPI_Datatype datatype
      "buffer", // const char *type_name
    ],
    result: "i32",
  },
  MPI_Type_get_name: {
    parameters: [
      "handle", // MPI_Datatype datatype
      "buffer", // char *type_name
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
  MPI_Op_create: {
    parameters: [
      "pointer", // MPI_User_function *user_fn
      "i32", // int commute
      "buffer", // MPI_Op *op
    ],
    result: "i32",
  },
  MPI_Op_free: {
    parameters: [
      "buffer", // MPI_Op *op
    ],
    result: "i32",
  },
  MPI_Op_commutative: {
    parameters: [
      "handle", // MPI_Op op
      "buffer", // int *commute
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
