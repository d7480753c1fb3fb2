/**
 * C symbols: one-sided communication (windows, RMA operations and their
 * synchronization).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Window creation, memory and the window object (MPI-4.1 §12.2, §12.7). */
export const windows = {
  MPI_Win_create: {
    parameters: [
      "buffer", // void *base
      "i64", // MPI_Aint size
      "i32", // int disp_unit
      "handle", // MPI_Info info
      "handle", // MPI_Comm comm
      "buffer", // MPI_Win *win
    ],
    result: "i32",
  },
  MPI_Win_allocate: {
    parameters: [
      "i64", // MPI_Aint size
      "i32", // int disp_unit
      "handle", // MPI_Info info
      "handle", // MPI_Comm comm
      "buffer", // void *baseptr (a void ** out)
      "buffer", // MPI_Win *win
    ],
    result: "i32",
  },
  MPI_Win_allocate_shared: {
    parameters: [
      "i64", // MPI_Aint size
      "i32", // int disp_unit
      "handle", // MPI_Info info
      "handle", // MPI_Comm comm
      "buffer", // void *baseptr (a void ** out)
      "buffer", // MPI_Win *win
    ],
    result: "i32",
  },
  MPI_Win_shared_query: {
    parameters: [
      "handle", // MPI_Win win
      "i32", // int rank
      "buffer", // MPI_Aint *size
      "buffer", // int *disp_unit
      "buffer", // void *baseptr (a void ** out)
    ],
    result: "i32",
  },
  MPI_Win_create_dynamic: {
    parameters: [
      "handle", // MPI_Info info
      "handle", // MPI_Comm comm
      "buffer", // MPI_Win *win
    ],
    result: "i32",
  },
  MPI_Win_attach: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // void *base
      "i64", // MPI_Aint size
    ],
    result: "i32",
  },
  MPI_Win_detach: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // const void *base
    ],
    result: "i32",
  },
  MPI_Get_address: {
    parameters: [
      "buffer", // const void *location
      "buffer", // MPI_Aint *address
    ],
    result: "i32",
  },
  MPI_Win_free: {
    parameters: [
      "buffer", // MPI_Win *win
    ],
    result: "i32",
  },
  MPI_Win_get_group: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // MPI_Group *group
    ],
    result: "i32",
  },
  MPI_Win_get_attr: {
    parameters: [
      "handle", // MPI_Win win
      "i32", // int win_keyval
      "buffer", // void *attribute_val (a void ** out)
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Win_set_errhandler: {
    parameters: [
      "handle", // MPI_Win win
      "handle", // MPI_Errhandler errhandler
    ],
    result: "i32",
  },
  MPI_Win_get_errhandler: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Win_set_info: {
    parameters: [
      "handle", // MPI_Win win
      "handle", // MPI_Info info
    ],
    result: "i32",
  },
  MPI_Win_get_info: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // MPI_Info *info_used
    ],
    result: "i32",
  },
  MPI_Win_set_name: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // const char *win_name
    ],
    result: "i32",
  },
  MPI_Win_get_name: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // char *win_name
      "buffer", // int *resultlen
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

/** RMA communication calls (MPI-4.1 §12.3). */
export const rmaOperations = {
  MPI_Put: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Win win
    ],
    result: "i32",
    // `MPI_Put@0`: the origin as an address taken once, for a Put repeated
    // in a loop (Deno passes a pointer faster than a buffer).
    sentinels: [0],
  },
  MPI_Get: {
    parameters: [
      "buffer", // void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Accumulate: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Op op
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Get_accumulate: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "buffer", // void *result_addr
      "i32", // int result_count
      "handle", // MPI_Datatype result_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Op op
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Fetch_and_op: {
    parameters: [
      "buffer", // const void *origin_addr
      "buffer", // void *result_addr
      "handle", // MPI_Datatype datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "handle", // MPI_Op op
      "handle", // MPI_Win win
    ],
    result: "i32",
    // `MPI_Fetch_and_op@0,1`: origin and result as addresses taken once.
    sentinels: [0, 1],
  },
  MPI_Compare_and_swap: {
    parameters: [
      "buffer", // const void *origin_addr
      "buffer", // const void *compare_addr
      "buffer", // void *result_addr
      "handle", // MPI_Datatype datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Rput: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Win win
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Rget: {
    parameters: [
      "buffer", // void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Win win
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Raccumulate: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Op op
      "handle", // MPI_Win win
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Rget_accumulate: {
    parameters: [
      "buffer", // const void *origin_addr
      "i32", // int origin_count
      "handle", // MPI_Datatype origin_datatype
      "buffer", // void *result_addr
      "i32", // int result_count
      "handle", // MPI_Datatype result_datatype
      "i32", // int target_rank
      "i64", // MPI_Aint target_disp
      "i32", // int target_count
      "handle", // MPI_Datatype target_datatype
      "handle", // MPI_Op op
      "handle", // MPI_Win win
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

/** Synchronization calls (MPI-4.1 §12.5). */
export const rmaSync = {
  MPI_Win_fence: {
    parameters: [
      "i32", // int assert
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_start: {
    parameters: [
      "handle", // MPI_Group group
      "i32", // int assert
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_complete: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_post: {
    parameters: [
      "handle", // MPI_Group group
      "i32", // int assert
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_wait: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_test: {
    parameters: [
      "handle", // MPI_Win win
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Win_lock: {
    parameters: [
      "i32", // int lock_type
      "i32", // int rank
      "i32", // int assert
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_unlock: {
    parameters: [
      "i32", // int rank
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_lock_all: {
    parameters: [
      "i32", // int assert
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_unlock_all: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_flush: {
    parameters: [
      "i32", // int rank
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_flush_all: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_flush_local: {
    parameters: [
      "i32", // int rank
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_flush_local_all: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
  MPI_Win_sync: {
    parameters: [
      "handle", // MPI_Win win
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
