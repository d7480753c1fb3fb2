/**
 * C symbols: groups, and the communicator constructors that take or give
 * groups, info objects, or a second group (intercommunicators).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

const GROUP_OF = {
  parameters: [
    "handle", // MPI_Comm comm
    "buffer", // MPI_Group *group
  ],
  result: "i32",
} as const;

const GROUP_INT_OUT = {
  parameters: [
    "handle", // MPI_Group group
    "buffer", // int *size | int *rank
  ],
  result: "i32",
} as const;

const GROUP_RANKS = {
  parameters: [
    "handle", // MPI_Group group
    "i32", // int n
    "buffer", // const int ranks[]
    "buffer", // MPI_Group *newgroup
  ],
  result: "i32",
} as const;

const GROUP_RANGES = {
  parameters: [
    "handle", // MPI_Group group
    "i32", // int n
    "buffer", // int ranges[][3]
    "buffer", // MPI_Group *newgroup
  ],
  result: "i32",
} as const;

const GROUP_SET_OP = {
  parameters: [
    "handle", // MPI_Group group1
    "handle", // MPI_Group group2
    "buffer", // MPI_Group *newgroup
  ],
  result: "i32",
} as const;

/** Groups (MPI-4.1 §7.3) and group-based communicator constructors (§7.4, §7.6). */
export const group = {
  MPI_Comm_group: GROUP_OF,
  MPI_Comm_remote_group: GROUP_OF,
  MPI_Group_size: GROUP_INT_OUT,
  MPI_Group_rank: GROUP_INT_OUT,
  MPI_Group_incl: GROUP_RANKS,
  MPI_Group_excl: GROUP_RANKS,
  MPI_Group_range_incl: GROUP_RANGES,
  MPI_Group_range_excl: GROUP_RANGES,
  MPI_Group_union: GROUP_SET_OP,
  MPI_Group_intersection: GROUP_SET_OP,
  MPI_Group_difference: GROUP_SET_OP,
  MPI_Group_translate_ranks: {
    parameters: [
      "handle", // MPI_Group group1
      "i32", // int n
      "buffer", // const int ranks1[]
      "handle", // MPI_Group group2
      "buffer", // int ranks2[]
    ],
    result: "i32",
  },
  MPI_Group_compare: {
    parameters: [
      "handle", // MPI_Group group1
      "handle", // MPI_Group group2
      "buffer", // int *result
    ],
    result: "i32",
  },
  MPI_Group_free: {
    parameters: [
      "buffer", // MPI_Group *group
    ],
    result: "i32",
  },
  MPI_Comm_create: {
    parameters: [
      "handle", // MPI_Comm comm
      "handle", // MPI_Group group
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Comm_create_group: {
    parameters: [
      "handle", // MPI_Comm comm
      "handle", // MPI_Group group
      "i32", // int tag
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Comm_split_type: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int split_type
      "i32", // int key
      "handle", // MPI_Info info
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Comm_dup_with_info: {
    parameters: [
      "handle", // MPI_Comm comm
      "handle", // MPI_Info info
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Comm_idup: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // MPI_Comm *newcomm
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Intercomm_create: {
    parameters: [
      "handle", // MPI_Comm local_comm
      "i32", // int local_leader
      "handle", // MPI_Comm peer_comm
      "i32", // int remote_leader
      "i32", // int tag
      "buffer", // MPI_Comm *newintercomm
    ],
    result: "i32",
  },
  MPI_Intercomm_merge: {
    parameters: [
      "handle", // MPI_Comm intercomm
      "i32", // int high
      "buffer", // MPI_Comm *newintracomm
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
