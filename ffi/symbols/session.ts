/**
 * C symbols: MPI-4 sessions and communicators made from groups (MPICH 4;
 * Open MPI 4.1 lacks them, and they are then not bound).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** The Sessions model (MPI-4.1 §11.3) and group-based constructors (§7.4.2). */
export const session = {
  MPI_Session_init: {
    parameters: [
      "handle", // MPI_Info info
      "handle", // MPI_Errhandler errhandler
      "buffer", // MPI_Session *session
    ],
    result: "i32",
  },
  MPI_Session_finalize: {
    parameters: [
      "buffer", // MPI_Session *session
    ],
    result: "i32",
  },
  MPI_Session_get_num_psets: {
    parameters: [
      "handle", // MPI_Session session
      "handle", // MPI_Info info
      "buffer", // int *npset_names
    ],
    result: "i32",
  },
  MPI_Session_get_nth_pset: {
    parameters: [
      "handle", // MPI_Session session
      "handle", // MPI_Info info
      "i32", // int n
      "buffer", // int *pset_len
      "buffer", // char *pset_name
    ],
    result: "i32",
  },
  MPI_Session_get_pset_info: {
    parameters: [
      "handle", // MPI_Session session
      "buffer", // const char *pset_name
      "buffer", // MPI_Info *info
    ],
    result: "i32",
  },
  MPI_Session_get_info: {
    parameters: [
      "handle", // MPI_Session session
      "buffer", // MPI_Info *info_used
    ],
    result: "i32",
  },
  MPI_Session_set_errhandler: {
    parameters: [
      "handle", // MPI_Session session
      "handle", // MPI_Errhandler errhandler
    ],
    result: "i32",
  },
  MPI_Session_get_errhandler: {
    parameters: [
      "handle", // MPI_Session session
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Session_create_errhandler: {
    parameters: [
      "pointer", // MPI_Session_errhandler_function *session_errhandler_fn
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_Session_call_errhandler: {
    parameters: [
      "handle", // MPI_Session session
      "i32", // int errorcode
    ],
    result: "i32",
  },
  MPI_Group_from_session_pset: {
    parameters: [
      "handle", // MPI_Session session
      "buffer", // const char *pset_name
      "buffer", // MPI_Group *newgroup
    ],
    result: "i32",
  },
  MPI_Comm_create_from_group: {
    parameters: [
      "handle", // MPI_Group group
      "buffer", // const char *stringtag
      "handle", // MPI_Info info
      "handle", // MPI_Errhandler errhandler
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Intercomm_create_from_groups: {
    parameters: [
      "handle", // MPI_Group local_group
      "i32", // int local_leader
      "handle", // MPI_Group remote_group
      "i32", // int remote_leader
      "buffer", // const char *stringtag
      "handle", // MPI_Info info
      "handle", // MPI_Errhandler errhandler
      "buffer", // MPI_Comm *newintercomm
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
