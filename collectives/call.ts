/**
 * One collective call, three forms. A call description holds the checked
 * arguments of one collective (`MPI_Gather`, ...); `run` makes the blocking
 * call, `start` the `I` form (`MPI_Igather` → `Request`) and `persist` the
 * `_init` form (`MPI_Gather_init` → `Prequest`, or Open MPI 4.1's
 * `MPIX_Gather_init`). The communicator classes' collective methods are
 * one line each: `run(gatherCall(this, ...))`, `start(...)`, `persist(...)`.
 *
 * @module
 */
import { C, type Handle, has, lib } from "../ffi/lib.ts";
import { check, mpiError } from "../core/errors.ts";
import { type Info, infoHandle } from "../core/info.ts";
import type { Op } from "../core/op.ts";
import { Prequest, Request } from "../core/request.ts";

type Fn = (...args: unknown[]) => number;

/** One collective call, resolved and ready to run in any form. */
export interface CollectiveCall {
  /** The blocking C name, e.g. `MPI_Gatherv`. */
  readonly name: string;
  /** The communicator. */
  readonly comm: Handle;
  /** Arguments before the communicator. */
  readonly args: unknown[];
  /** Index of the argument that is `MPI_IN_PLACE`, if one is. */
  readonly inPlaceAt?: number;
  /** Memory MPI may use until completion (buffers, counts, type arrays). */
  readonly keep: unknown[];
  /** The reduction's op: a user op's exception surfaces as the call's error. */
  readonly op?: Op;
}

/** `MPI_Gather` → `MPI_Igather` (`MPI_Gatherv_c` → `MPI_Igatherv_c`). */
function startedName(name: string): string {
  return `MPI_I${name[4].toLowerCase()}${name.slice(5)}`;
}

/** The bound function, or an error naming what the library lacks. */
function bound(name: string, sentinel: number | undefined): Fn {
  if (!has(name)) {
    throw mpiError(
      C.ERR_UNSUPPORTED_OPERATION,
      name,
      `the loaded MPI library has neither ${name} nor ${
        name.replace("MPI_", "MPIX_")
      } (persistent collectives need MPI-4)`,
    );
  }
  return lib[sentinel === undefined ? name : `${name}@${sentinel}`] as Fn;
}

/** `MPI_Gather` → `MPI_Gather_init`, `MPI_Gatherv_c` → `MPI_Gatherv_init_c`. */
function persistentName(name: string): string {
  return name.endsWith("_c") ? `${name.slice(0, -2)}_init_c` : `${name}_init`;
}

function finish(call: CollectiveCall, name: string, rc: number): void {
  call.op?.rethrow(name);
  check(rc, name);
}

/** Bound blocking functions by name, and by name and in-place argument. */
const blocking = new Map<string, Fn>();
const blockingInPlace: Map<string, Fn>[] = [];

/**
 * Makes `call` (`MPI_Gather`, ...) and returns when it has completed. The
 * arguments are passed one by one, and the function found without building
 * its name: a spread call and a name per call took a buffer `Allgather` of
 * 256 bytes 1.16 µs where C takes 0.58.
 */
export function run(call: CollectiveCall): void {
  const { name, inPlaceAt: at, args: a, comm } = call;
  const fns = at === undefined
    ? blocking
    : (blockingInPlace[at] ??= new Map<string, Fn>());
  let fn = fns.get(name);
  if (fn === undefined) fns.set(name, fn = bound(name, at));
  let rc: number;
  switch (a.length) {
    case 5: // the reduce-scatters
      rc = fn(a[0], a[1], a[2], a[3], a[4], comm);
      break;
    case 6:
      rc = fn(a[0], a[1], a[2], a[3], a[4], a[5], comm);
      break;
    case 7:
      rc = fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], comm);
      break;
    case 8:
      rc = fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], comm);
      break;
    default:
      rc = fn(...a, comm);
  }
  finish(call, name, rc);
}

/** Starts `call` (`MPI_Igather`, ...); the request keeps its memory alive. */
export function start(call: CollectiveCall): Request {
  const name = startedName(call.name);
  const fn = bound(name, call.inPlaceAt);
  const request = new Request();
  keep(call, request);
  finish(call, name, fn(...call.args, call.comm, request.cell));
  return request;
}

/**
 * Makes `call` persistent (`MPI_Gather_init`, ...): `Start()` runs it as
 * often as needed on the same buffers, which the request keeps alive.
 */
export function persist(call: CollectiveCall, info?: Info): Prequest {
  const name = persistentName(call.name);
  const fn = bound(name, call.inPlaceAt);
  const request = new Prequest();
  keep(call, request);
  const infoH = infoHandle(info);
  finish(call, name, fn(...call.args, call.comm, infoH, request.cell));
  return request;
}

function keep(call: CollectiveCall, request: Request): void {
  request.keep(call.op ? [...call.keep, call.op] : call.keep);
  if (call.op && !call.op.isPredefined) request.callsJavaScript();
}
