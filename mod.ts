/**
 * mpi4ts: MPI for TypeScript. Importing this module loads the system's MPI
 * library and initializes MPI; `COMM_WORLD` is ready to use.
 *
 * Lowercase methods (`send`, `recv`, `bcast`, `allreduce`, ...) move any
 * structured-clone value; Capitalized methods (`Send`, `Recv`, `Bcast`,
 * `Allreduce`, ...) move TypedArrays and ArrayBuffers in place at C speed.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * if (comm.size > 1) {
 *   if (comm.rank === 0) comm.send({ a: 7, b: [1n, "x"] }, 1, 11);
 *   else if (comm.rank === 1) console.log(comm.recv(0, 11));
 * }
 * const data = new Float64Array(1000).fill(comm.rank);
 * comm.Allreduce(mpi.IN_PLACE, data, mpi.SUM);
 * ```
 *
 * @module
 */
export { rc } from "./core/startup.ts";
export type { ErrorsMode, RcOptions, ThreadLevelName } from "./rc.ts";
export type { CopyFunction, DeleteFunction } from "./comm/attributes.ts";
export { Reduce_local, type SendSpec } from "./collectives/buffers.ts";
export type { PerRank, VecSpec, WSpec } from "./collectives/vector.ts";
export { type ValueOp } from "./collectives/value_ops.ts";
export * from "./core/constants.ts";
export * from "./core/predefined.ts";
export {
  Abort,
  Attach_buffer,
  Detach_buffer,
  Finalize,
  Get_library_version,
  Get_processor_name,
  Get_version,
  Init,
  Init_thread,
  Is_finalized,
  Is_initialized,
  Is_thread_main,
  Query_thread,
  Wtick,
  Wtime,
} from "./core/environment.ts";
export {
  BOTTOM,
  type Buffer,
  type BufSpec,
  IN_PLACE,
  Sentinel,
} from "./core/buffer.ts";
export { type Contents, Datatype, type Envelope } from "./core/datatype.ts";
export { type CombinerName, type Decoded } from "./core/datatype_decode.ts";
export {
  Group,
  GROUP_EMPTY,
  GROUP_NULL,
  type RankRange,
} from "./core/group.ts";
export { Info, INFO_ENV, INFO_NULL } from "./core/info.ts";
export { File, FILE_NULL, type Offset } from "./io/file.ts";
export { MPIError } from "./core/errors.ts";
export { Op, type OpVector, type UserFunction } from "./core/op.ts";
export { type Pickle, pickle } from "./core/pickle.ts";
export { Prequest, Request, REQUEST_NULL } from "./core/request.ts";
export { Status } from "./core/status.ts";
export {
  Errhandler,
  type ErrhandlerFunction,
  ERRORS_ARE_FATAL,
  ERRORS_RETURN,
} from "./core/errhandler.ts";
export {
  Add_error_class,
  Add_error_code,
  Add_error_string,
  Get_error_class,
  Get_error_string,
  Remove_error_class,
  Remove_error_code,
  Remove_error_string,
} from "./core/error_classes.ts";
export {
  Cartcomm,
  Comm,
  COMM_NULL,
  COMM_SELF,
  COMM_WORLD,
  Distgraphcomm,
  Graphcomm,
  Intercomm,
  Intracomm,
  Topocomm,
} from "./comm/comm.ts";
export { Message } from "./comm/message.ts";
export {
  Close_port,
  Lookup_name,
  Open_port,
  Publish_name,
  Unpublish_name,
} from "./process/ports.ts";
export { type RuntimeCommand, runtimeCommand } from "./process/runtime.ts";
export { Session } from "./core/session.ts";
export type { CartLayout, DistNeighbors } from "./comm/topology.ts";
export { computeDims as Compute_dims } from "./comm/topology_create.ts";
export { type TargetSpec, Win, WIN_NULL, type WinAttrs } from "./rma/win.ts";
export { Get_address } from "./rma/memory.ts";
