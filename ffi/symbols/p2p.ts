/**
 * C symbols: point-to-point communication, requests and statuses.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

const SEND = {
  parameters: [
    "buffer", // const void *buf
    "i32", // int count
    "handle", // MPI_Datatype datatype
    "i32", // int dest
    "i32", // int tag
    "handle", // MPI_Comm comm
  ],
  result: "i32",
} as const;

const ISEND = {
  parameters: [
    "buffer", // const void *buf
    "i32", // int count
    "handle", // MPI_Datatype datatype
    "i32", // int dest
    "i32", // int tag
    "handle", // MPI_Comm comm
    "buffer", // MPI_Request *request
  ],
  result: "i32",
} as const;

const PROBE = {
  parameters: [
    "i32", // int source
    "i32", // int tag
    "handle", // MPI_Comm comm
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

const IPROBE = {
  parameters: [
    "i32", // int source
    "i32", // int tag
    "handle", // MPI_Comm comm
    "buffer", // int *flag
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

const MPROBE = {
  parameters: [
    "i32", // int source
    "i32", // int tag
    "handle", // MPI_Comm comm
    "buffer", // MPI_Message *message
    "buffer", // MPI_Status *status
  ],
  result: "i32",
  async: true,
} as const;

const IMPROBE = {
  parameters: [
    "i32", // int source
    "i32", // int tag
    "handle", // MPI_Comm comm
    "buffer", // int *flag
    "buffer", // MPI_Message *message
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** Point-to-point communication (MPI-4.1 §3). */
export const p2p = {
  MPI_Send: SEND,
  MPI_Ssend: SEND,
  MPI_Rsend: SEND,
  MPI_Bsend: SEND,
  MPI_Recv: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "i32", // int source
      "i32", // int tag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Sendrecv: {
    parameters: [
      "buffer", // const void *sendbuf
      "i32", // int sendcount
      "handle", // MPI_Datatype sendtype
      "i32", // int dest
      "i32", // int sendtag
      "buffer", // void *recvbuf
      "i32", // int recvcount
      "handle", // MPI_Datatype recvtype
      "i32", // int source
      "i32", // int recvtag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Sendrecv_replace: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "i32", // int dest
      "i32", // int sendtag
      "i32", // int source
      "i32", // int recvtag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Isend: ISEND,
  MPI_Issend: ISEND,
  MPI_Irsend: ISEND,
  MPI_Ibsend: ISEND,
  MPI_Irecv: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "i32", // int source
      "i32", // int tag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Send_init: ISEND,
  MPI_Ssend_init: ISEND,
  MPI_Rsend_init: ISEND,
  MPI_Bsend_init: ISEND,
  MPI_Recv_init: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "i32", // int source
      "i32", // int tag
      "handle", // MPI_Comm comm
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Probe: { ...PROBE, async: true },
  MPI_Iprobe: IPROBE,
  MPI_Mprobe: MPROBE,
  MPI_Improbe: IMPROBE,
  MPI_Mrecv: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Message *message
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Imrecv: {
    parameters: [
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Message *message
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

const WAIT_ONE = {
  parameters: [
    "buffer", // MPI_Request *request
    "buffer", // MPI_Status *status
  ],
  result: "i32",
  async: true,
} as const;

/** Requests and statuses (MPI-4.1 §3.7, §3.8). */
export const requests = {
  MPI_Wait: WAIT_ONE,
  MPI_Test: {
    parameters: [
      "buffer", // MPI_Request *request
      "buffer", // int *flag
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Waitall: {
    parameters: [
      "i32", // int count
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // MPI_Status array_of_statuses[]
    ],
    result: "i32",
    async: true,
  },
  MPI_Waitany: {
    parameters: [
      "i32", // int count
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // int *index
      "buffer", // MPI_Status *status
    ],
    result: "i32",
    async: true,
  },
  MPI_Waitsome: {
    parameters: [
      "i32", // int incount
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // int *outcount
      "buffer", // int array_of_indices[]
      "buffer", // MPI_Status array_of_statuses[]
    ],
    result: "i32",
  },
  MPI_Testall: {
    parameters: [
      "i32", // int count
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // int *flag
      "buffer", // MPI_Status array_of_statuses[]
    ],
    result: "i32",
  },
  MPI_Testany: {
    parameters: [
      "i32", // int count
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // int *index
      "buffer", // int *flag
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Testsome: {
    parameters: [
      "i32", // int incount
      "buffer", // MPI_Request array_of_requests[]
      "buffer", // int *outcount
      "buffer", // int array_of_indices[]
      "buffer", // MPI_Status array_of_statuses[]
    ],
    result: "i32",
  },
  MPI_Start: {
    parameters: [
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Startall: {
    parameters: [
      "i32", // int count
      "buffer", // MPI_Request array_of_requests[]
    ],
    result: "i32",
  },
  MPI_Cancel: {
    parameters: [
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Request_free: {
    parameters: [
      "buffer", // MPI_Request *request
    ],
    result: "i32",
  },
  MPI_Request_get_status: {
    parameters: [
      "handle", // MPI_Request request
      "buffer", // int *flag
      "buffer", // MPI_Status *status
    ],
    result: "i32",
  },
  MPI_Get_count: {
    parameters: [
      "buffer", // const MPI_Status *status
      "handle", // MPI_Datatype datatype
      "buffer", // int *count
    ],
    result: "i32",
  },
  MPI_Get_elements_x: {
    parameters: [
      "buffer", // const MPI_Status *status
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Count *count
    ],
    result: "i32",
  },
  MPI_Status_set_elements_x: {
    parameters: [
      "buffer", // MPI_Status *status
      "handle", // MPI_Datatype datatype
      "i64", // MPI_Count count
    ],
    result: "i32",
  },
  MPI_Test_cancelled: {
    parameters: [
      "buffer", // const MPI_Status *status
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_Status_set_cancelled: {
    parameters: [
      "buffer", // MPI_Status *status
      "i32", // int flag
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
