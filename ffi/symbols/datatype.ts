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
  MPI_Type_vector: {
    parameters: [
      "i32", // int count
      "i32", // int blocklength
      "i32", // int stride
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_hvector: {
    parameters: [
      "i32", // int count
      "i32", // int blocklength
      "i64", // MPI_Aint stride
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_indexed: {
    parameters: [
      "i32", // int count
      "buffer", // const int array_of_blocklengths[]
      "buffer", // const int array_of_displacements[]
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_indexed_block: {
    parameters: [
      "i32", // int count
      "i32", // int blocklength
      "buffer", // const int array_of_displacements[]
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_hindexed_block: {
    parameters: [
      "i32", // int count
      "i32", // int blocklength
      "buffer", // const MPI_Aint array_of_displacements[]
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_struct: {
    parameters: [
      "i32", // int count
      "buffer", // const int array_of_blocklengths[]
      "buffer", // const MPI_Aint array_of_displacements[]
      "buffer", // const MPI_Datatype array_of_types[]
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_subarray: {
    parameters: [
      "i32", // int ndims
      "buffer", // const int array_of_sizes[]
      "buffer", // const int array_of_subsizes[]
      "buffer", // const int array_of_starts[]
      "i32", // int order
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_darray: {
    parameters: [
      "i32", // int size
      "i32", // int rank
      "i32", // int ndims
      "buffer", // const int array_of_gsizes[]
      "buffer", // const int array_of_distribs[]
      "buffer", // const int array_of_dargs[]
      "buffer", // const int array_of_psizes[]
      "i32", // int order
      "handle", // MPI_Datatype oldtype
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_create_resized: {
    parameters: [
      "handle", // MPI_Datatype oldtype
      "i64", // MPI_Aint lb
      "i64", // MPI_Aint extent
      "buffer", // MPI_Datatype *newtype
    ],
    result: "i32",
  },
  MPI_Type_get_envelope: {
    parameters: [
      "handle", // MPI_Datatype datatype
      "buffer", // int *num_integers
      "buffer", // int *num_addresses
      "buffer", // int *num_datatypes
      "buffer", // int *combiner
    ],
    result: "i32",
  },
  MPI_Type_get_contents: {
    parameters: [
      "handle", // MPI_Datatype datatype
      "i32", // int max_integers
      "i32", // int max_addresses
      "i32", // int max_datatypes
      "buffer", // int array_of_integers[]
      "buffer", // MPI_Aint array_of_addresses[]
      "buffer", // MPI_Datatype array_of_datatypes[]
    ],
    result: "i32",
  },
  MPI_Pack: {
    parameters: [
      "buffer", // const void *inbuf
      "i32", // int incount
      "handle", // MPI_Datatype datatype
      "buffer", // void *outbuf
      "i32", // int outsize
      "buffer", // int *position
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Unpack: {
    parameters: [
      "buffer", // const void *inbuf
      "i32", // int insize
      "buffer", // int *position
      "buffer", // void *outbuf
      "i32", // int outcount
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Comm comm
    ],
    result: "i32",
  },
  MPI_Pack_size: {
    parameters: [
      "i32", // int incount
      "handle", // MPI_Datatype datatype
      "handle", // MPI_Comm comm
      "buffer", // int *size
    ],
    result: "i32",
  },
  MPI_Pack_external: {
    parameters: [
      "buffer", // const char datarep[]
      "buffer", // const void *inbuf
      "i32", // int incount
      "handle", // MPI_Datatype datatype
      "buffer", // void *outbuf
      "i64", // MPI_Aint outsize
      "buffer", // MPI_Aint *position
    ],
    result: "i32",
  },
  MPI_Unpack_external: {
    parameters: [
      "buffer", // const char datarep[]
      "buffer", // const void *inbuf
      "i64", // MPI_Aint insize
      "buffer", // MPI_Aint *position
      "buffer", // void *outbuf
      "i32", // int outcount
      "handle", // MPI_Datatype datatype
    ],
    result: "i32",
  },
  MPI_Pack_external_size: {
    parameters: [
      "buffer", // const char datarep[]
      "i32", // int incount
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Aint *size
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
