/**
 * Communicator management: rank and size, names, comparison, duplication,
 * splitting, groups and the constructors that take them,
 * intercommunicators, error handlers and abort. Calls that make a
 * communicator return its handle; the classes in `comm.ts` wrap it.
 *
 * @module
 */
import {
  C,
  cString,
  fromCString,
  H,
  type Handle,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, describe, int, mpiError, requireCall } from "../core/errors.ts";
import { errhandlerHandle } from "../core/session.ts";
import { type Group, groupHandle, wrapGroup } from "../core/group.ts";
import { afterCallErrhandler, Errhandler } from "../core/errhandler.ts";
import { type Info, infoHandle } from "../core/info.ts";
import { Request } from "../core/request.ts";
import type { Comm } from "./comm.ts";
import { localRank } from "../core/checks.ts";

const handleOut = new Uint8Array(8);
const intOut = new Int32Array(1);

/** Frees a communicator handle (`MPI_Comm_free`). */
export function freeComm(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Comm_free(cell), "MPI_Comm_free");
}

/** `MPI_Comm_rank`. */
export function commRank(comm: Comm): number {
  check(lib.MPI_Comm_rank(comm.handle, intOut), "MPI_Comm_rank");
  return intOut[0];
}

/** `MPI_Comm_size`. */
export function commSize(comm: Comm): number {
  check(lib.MPI_Comm_size(comm.handle, intOut), "MPI_Comm_size");
  return intOut[0];
}

/** `MPI_Comm_remote_size`. */
export function remoteSize(comm: Comm): number {
  check(lib.MPI_Comm_remote_size(comm.handle, intOut), "MPI_Comm_remote_size");
  return intOut[0];
}

/** `MPI_Topo_test`. */
export function topology(comm: Comm): number {
  check(lib.MPI_Topo_test(comm.handle, intOut), "MPI_Topo_test");
  return intOut[0];
}

/** `MPI_Comm_test_inter` on a handle. */
export function testInter(handle: Handle): boolean {
  check(lib.MPI_Comm_test_inter(handle, intOut), "MPI_Comm_test_inter");
  return intOut[0] !== 0;
}

/** `MPI_Topo_test` on a handle. */
export function topologyOf(handle: Handle): number {
  check(lib.MPI_Topo_test(handle, intOut), "MPI_Topo_test");
  return intOut[0];
}

/** `MPI_Comm_get_name`. */
export function getName(comm: Comm): string {
  const buf = new Uint8Array(C.MAX_OBJECT_NAME + 1);
  check(lib.MPI_Comm_get_name(comm.handle, buf, intOut), "MPI_Comm_get_name");
  return fromCString(buf, intOut[0]);
}

/** `MPI_Comm_set_name`. */
export function setName(comm: Comm, name: string): void {
  if (typeof name !== "string") throw new TypeError("name must be a string");
  check(
    lib.MPI_Comm_set_name(comm.handle, new TextEncoder().encode(name + "\0")),
    "MPI_Comm_set_name",
  );
}

/** `MPI_Comm_compare`. */
export function compare(comm: Comm, other: Comm): number {
  check(
    lib.MPI_Comm_compare(comm.handle, other.handle, intOut),
    "MPI_Comm_compare",
  );
  return intOut[0];
}

/** `MPI_Comm_dup`. */
export function dup(comm: Comm): Handle {
  check(lib.MPI_Comm_dup(comm.handle, handleOut), "MPI_Comm_dup");
  return readHandle(handleOut);
}

/** `MPI_Comm_dup_with_info`. */
export function dupWithInfo(comm: Comm, info: Info): Handle {
  check(
    lib.MPI_Comm_dup_with_info(comm.handle, infoHandle(info), handleOut),
    "MPI_Comm_dup_with_info",
  );
  return readHandle(handleOut);
}

/** `MPI_Comm_idup`: the new handle (usable once the request completes) and the request. */
export function idup(comm: Comm): [Handle, Request] {
  const cell = new Uint8Array(8);
  const request = new Request(cell);
  check(lib.MPI_Comm_idup(comm.handle, cell, request.cell), "MPI_Comm_idup");
  return [readHandle(cell), request];
}

/** `MPI_Comm_split`. */
export function split(comm: Comm, color: number, key: number): Handle {
  check(
    lib.MPI_Comm_split(
      comm.handle,
      int(color, "color"),
      int(key, "key"),
      handleOut,
    ),
    "MPI_Comm_split",
  );
  return readHandle(handleOut);
}

/** `MPI_Comm_split_type`. */
export function splitType(
  comm: Comm,
  splitType: number,
  key: number,
  info?: Info,
): Handle {
  check(
    lib.MPI_Comm_split_type(
      comm.handle,
      int(splitType, "splitType"),
      int(key, "key"),
      infoHandle(info),
      handleOut,
    ),
    "MPI_Comm_split_type",
  );
  return readHandle(handleOut);
}

/** `MPI_Comm_group`. */
export function getGroup(comm: Comm): Group {
  check(lib.MPI_Comm_group(comm.handle, handleOut), "MPI_Comm_group");
  return wrapGroup(readHandle(handleOut));
}

/** `MPI_Comm_remote_group`. */
export function getRemoteGroup(comm: Comm): Group {
  check(
    lib.MPI_Comm_remote_group(comm.handle, handleOut),
    "MPI_Comm_remote_group",
  );
  return wrapGroup(readHandle(handleOut));
}

/** `MPI_Comm_create`. */
export function create(comm: Comm, group: Group): Handle {
  check(
    lib.MPI_Comm_create(comm.handle, groupHandle(group, "group"), handleOut),
    "MPI_Comm_create",
  );
  return readHandle(handleOut);
}

/** `MPI_Comm_create_group`. */
export function createGroup(comm: Comm, group: Group, tag: number): Handle {
  check(
    lib.MPI_Comm_create_group(
      comm.handle,
      groupHandle(group, "group"),
      int(tag, "tag"),
      handleOut,
    ),
    "MPI_Comm_create_group",
  );
  return readHandle(handleOut);
}

/**
 * `MPI_Intercomm_create`: `peerComm` and `remoteLeader` matter only at the
 * local leader; elsewhere `peerComm` may be `COMM_NULL`.
 */
export function createIntercomm(
  comm: Comm,
  localLeader: number,
  peerComm: Comm,
  remoteLeader: number,
  tag: number,
): Handle {
  const call = "MPI_Intercomm_create";
  const leader = localRank(comm, localLeader, "localLeader", call);
  const atLeader = comm.rank === leader;
  const peer = atLeader || peerComm.isLive ? peerComm.handle : H.COMM_NULL!;
  const remote = atLeader
    ? localRank(peerComm, remoteLeader, "remoteLeader", call)
    : int(remoteLeader, "remoteLeader");
  check(
    lib.MPI_Intercomm_create(
      comm.handle,
      leader,
      peer,
      remote,
      int(tag, "tag"),
      handleOut,
    ),
    call,
  );
  return readHandle(handleOut);
}

/** `MPI_Intercomm_merge`. */
export function merge(comm: Comm, high: boolean): Handle {
  check(
    lib.MPI_Intercomm_merge(comm.handle, high ? 1 : 0, handleOut),
    "MPI_Intercomm_merge",
  );
  return readHandle(handleOut);
}

/** A string tag as C wants it, checked. */
function stringTag(tag: unknown): Uint8Array {
  if (typeof tag !== "string") {
    throw new TypeError(`tag must be a string, got ${describe(tag)}`);
  }
  return cString(tag);
}

/** `MPI_Comm_create_from_group` (MPI-4): collective over `group`'s members. */
export function createFromGroup(
  group: Group,
  tag: string,
  info: Info | undefined,
  errhandler: Errhandler | undefined,
): Handle {
  const call = "MPI_Comm_create_from_group";
  requireCall(call, "MPI-4 sessions");
  check(
    lib.MPI_Comm_create_from_group(
      groupHandle(group, "group"),
      stringTag(tag),
      infoHandle(info),
      errhandlerHandle(errhandler),
      handleOut,
    ),
    call,
  );
  return readHandle(handleOut);
}

/** `MPI_Intercomm_create_from_groups` (MPI-4). */
export function createFromGroups(
  localGroup: Group,
  localLeader: number,
  remoteGroup: Group,
  remoteLeader: number,
  tag: string,
  info: Info | undefined,
  errhandler: Errhandler | undefined,
): Handle {
  const call = "MPI_Intercomm_create_from_groups";
  requireCall(call, "MPI-4 sessions");
  const local = groupHandle(localGroup, "localGroup");
  const remote = groupHandle(remoteGroup, "remoteGroup");
  const ll = int(localLeader, "localLeader");
  const rl = int(remoteLeader, "remoteLeader");
  if (ll < 0 || ll >= localGroup.size) {
    throw mpiError(
      C.ERR_RANK,
      call,
      `localLeader must be a rank of localGroup (0..${
        localGroup.size - 1
      }), got ${ll}`,
    );
  }
  if (rl < 0 || rl >= remoteGroup.size) {
    throw mpiError(
      C.ERR_RANK,
      call,
      `remoteLeader must be a rank of remoteGroup (0..${
        remoteGroup.size - 1
      }), got ${rl}`,
    );
  }
  check(
    lib.MPI_Intercomm_create_from_groups(
      local,
      ll,
      remote,
      rl,
      stringTag(tag),
      infoHandle(info),
      errhandlerHandle(errhandler),
      handleOut,
    ),
    call,
  );
  return readHandle(handleOut);
}

/** `MPI_Comm_set_errhandler`. */
export function setErrhandler(comm: Comm, errhandler: Errhandler): void {
  check(
    lib.MPI_Comm_set_errhandler(comm.handle, errhandler.handle),
    "MPI_Comm_set_errhandler",
  );
}

/** `MPI_Comm_get_errhandler`. */
export function getErrhandler(comm: Comm): Errhandler {
  check(
    lib.MPI_Comm_get_errhandler(comm.handle, handleOut),
    "MPI_Comm_get_errhandler",
  );
  return new Errhandler(readHandle(handleOut), false);
}

/**
 * `MPI_Comm_call_errhandler`: runs the communicator's error handler on
 * `errorcode`; under `ERRORS_RETURN` a nonzero code throws its `MPIError`.
 */
export function callErrhandler(comm: Comm, errorcode: number): void {
  const call = "MPI_Comm_call_errhandler";
  const code = int(errorcode, "errorcode");
  const h = comm.handle;
  check(lib.MPI_Comm_get_errhandler(h, handleOut), call);
  const current = readHandle(handleOut);
  const rc = lib.MPI_Comm_call_errhandler(h, code);
  afterCallErrhandler(call, rc, code, current);
}

/** `MPI_Abort`: does not return. */
export function abort(comm: Comm, errorcode: number): never {
  lib.MPI_Abort(comm.handle, int(errorcode, "errorcode"));
  throw new Error("MPI_Abort returned");
}
