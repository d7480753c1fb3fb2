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

/**
 * Raises what the call left: a user op's exception, else MPI's error,
 * named by the form's C name (built only then).
 */
function finish(
  call: CollectiveCall,
  rename: (name: string) => string,
  rc: number,
): void {
  if (rc === 0 && !call.op?.threw) return;
  const name = rename(call.name);
  call.op?.rethrow(name);
  check(rc, name);
}

/**
 * The bound function of one form of a call, found once per C name and
 * in-place argument: building the form's name and checking the library
 * for it on every call cost more than a small collective itself.
 */
function lookup(
  form: Map<string, Fn>[],
  rename: (name: string) => string,
  call: CollectiveCall,
): Fn {
  const at = call.inPlaceAt;
  const fns = form[at === undefined ? 0 : at + 1] ??= new Map<string, Fn>();
  let fn = fns.get(call.name);
  if (fn === undefined) fns.set(call.name, fn = bound(rename(call.name), at));
  return fn;
}

const BLOCKING: Map<string, Fn>[] = [];
const STARTED: Map<string, Fn>[] = [];
const PERSISTENT: Map<string, Fn>[] = [];
const same = (name: string) => name;

/**
 * Calls `fn` with the arguments in `a`, passed one by one: a spread call
 * took a buffer `Allgather` of 256 bytes 1.16 µs where C takes 0.58.
 */
function invoke(fn: Fn, a: readonly unknown[]): number {
  switch (a.length) {
    case 2: // Ibarrier
      return fn(a[0], a[1]);
    case 3:
      return fn(a[0], a[1], a[2]);
    case 4:
      return fn(a[0], a[1], a[2], a[3]);
    case 5:
      return fn(a[0], a[1], a[2], a[3], a[4]);
    case 6:
      return fn(a[0], a[1], a[2], a[3], a[4], a[5]);
    case 7:
      return fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    case 8:
      return fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    case 9:
      return fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
    case 10:
      return fn(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
    case 11:
      return fn(
        a[0],
        a[1],
        a[2],
        a[3],
        a[4],
        a[5],
        a[6],
        a[7],
        a[8],
        a[9],
        a[10],
      );
    default:
      return fn(...a);
  }
}

/**
 * Makes `call` (`MPI_Gather`, ...) and returns when it has completed. It
 * calls MPI from a site of its own, not through `invoke`: V8 makes an FFI
 * call fast only at a site that has seen few functions, and sharing one
 * with the started forms took a buffer `Allgather` in a program that also
 * starts collectives from 49 to about 200 ns over the bare C call
 * (`bench/collectives_overhead.ts`).
 */
export function run(call: CollectiveCall): void {
  const fn = lookup(BLOCKING, same, call);
  const { args: a, comm } = call;
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
  finish(call, same, rc);
}

/** Starts `call` (`MPI_Igather`, ...); the request keeps its memory alive. */
export function start(call: CollectiveCall): Request {
  const fn = lookup(STARTED, startedName, call);
  const request = new Request();
  keep(call, request);
  // A description is used once: its argument list takes the rest.
  call.args.push(call.comm, request.cell);
  const rc = invoke(fn, call.args);
  finish(call, startedName, rc);
  return request;
}

/**
 * Makes `call` persistent (`MPI_Gather_init`, ...): `Start()` runs it as
 * often as needed on the same buffers, which the request keeps alive.
 */
export function persist(call: CollectiveCall, info?: Info): Prequest {
  const fn = lookup(PERSISTENT, persistentName, call);
  const request = new Prequest();
  keep(call, request);
  call.args.push(call.comm, infoHandle(info), request.cell);
  const rc = invoke(fn, call.args);
  finish(call, persistentName, rc);
  return request;
}

function keep(call: CollectiveCall, request: Request): void {
  request.keep(call.op ? [...call.keep, call.op] : call.keep);
  if (call.op && !call.op.isPredefined) request.callsJavaScript();
}
