/**
 * C symbols: process creation and management (spawning, ports, names,
 * joining over a socket).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

const PORT_CONNECT = {
  parameters: [
    "buffer", // const char *port_name
    "handle", // MPI_Info info
    "i32", // int root
    "handle", // MPI_Comm comm
    "buffer", // MPI_Comm *newcomm
  ],
  result: "i32",
} as const;

const NAME_PUBLISH = {
  parameters: [
    "buffer", // const char *service_name
    "handle", // MPI_Info info
    "buffer", // const char *port_name
  ],
  result: "i32",
} as const;

/** Process creation and management (MPI-4.1 §11). */
export const process = {
  MPI_Comm_spawn: {
    parameters: [
      "buffer", // const char *command
      "buffer", // char *argv[] (NULL-terminated array of C strings)
      "i32", // int maxprocs
      "handle", // MPI_Info info
      "i32", // int root
      "handle", // MPI_Comm comm
      "buffer", // MPI_Comm *intercomm
      "buffer", // int array_of_errcodes[]
    ],
    result: "i32",
  },
  MPI_Comm_spawn_multiple: {
    parameters: [
      "i32", // int count
      "buffer", // char *array_of_commands[]
      "buffer", // char **array_of_argv[]
      "buffer", // const int array_of_maxprocs[]
      "buffer", // const MPI_Info array_of_info[]
      "i32", // int root
      "handle", // MPI_Comm comm
      "buffer", // MPI_Comm *intercomm
      "buffer", // int array_of_errcodes[]
    ],
    result: "i32",
  },
  MPI_Comm_get_parent: {
    parameters: [
      "buffer", // MPI_Comm *parent
    ],
    result: "i32",
  },
  MPI_Comm_disconnect: {
    parameters: [
      "buffer", // MPI_Comm *comm
    ],
    result: "i32",
  },
  MPI_Open_port: {
    parameters: [
      "handle", // MPI_Info info
      "buffer", // char *port_name
    ],
    result: "i32",
  },
  MPI_Close_port: {
    parameters: [
      "buffer", // const char *port_name
    ],
    result: "i32",
  },
  MPI_Comm_accept: PORT_CONNECT,
  MPI_Comm_connect: PORT_CONNECT,
  MPI_Publish_name: NAME_PUBLISH,
  MPI_Unpublish_name: NAME_PUBLISH,
  MPI_Lookup_name: {
    parameters: [
      "buffer", // const char *service_name
      "handle", // MPI_Info info
      "buffer", // char *port_name
    ],
    result: "i32",
  },
  MPI_Comm_join: {
    parameters: [
      "i32", // int fd
      "buffer", // MPI_Comm *intercomm
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
