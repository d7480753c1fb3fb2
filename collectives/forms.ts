/**
 * The three forms of every collective: blocking (`MPI_Gather`), started
 * (`MPI_Igather` → `Request`) and persistent (`MPI_Gather_init` →
 * `Prequest`). Each collective resolves its arguments once and hands them
 * to `invoke`, which picks the C function of the form asked for and
 * appends what that form takes after the communicator.
 *
 * @module
 */
import { C, H, type Handle, has, lib } from "../ffi/lib.ts";
import { check, mpiError } from "../core/errors.ts";
import type { Op } from "../core/op.ts";
import { Prequest, type Request } from "../core/request.ts";

type Call = (...args: unknown[]) => number;

/** `MPI_Gather` → `MPI_Igather`. */
function startedName(name: string): string {
  return `MPI_I${name[4].toLowerCase()}${name.slice(5)}`;
}

/** The C name of `name` in the form `request` asks for. */
function formName(name: string, request: Request | undefined): string {
  if (request === undefined) return name;
  return request instanceof Prequest ? `${name}_init` : startedName(name);
}

/** The bound function, or an error naming what the library lacks. */
function bound(name: string, sentinel: number | undefined): Call {
  if (!has(name)) {
    throw mpiError(
      C.ERR_UNSUPPORTED_OPERATION,
      name,
      `the loaded MPI library has neither ${name} nor ${
        name.replace("MPI_", "MPIX_")
      } (persistent collectives need MPI-4)`,
    );
  }
  return lib[sentinel === undefined ? name : `${name}@${sentinel}`] as Call;
}

/** One collective call, resolved and ready to run in any form. */
export interface CollectiveCall {
  /** The blocking C name, e.g. `MPI_Gatherv`. */
  readonly name: string;
  /** Arguments before the communicator. */
  readonly args: unknown[];
  /** Index of the argument that is `MPI_IN_PLACE`, if one is. */
  readonly inPlaceAt?: number;
  /** Memory MPI may use until completion (buffers, counts, type arrays). */
  readonly keep: unknown[];
  /** The reduction's op: a user op's exception surfaces as the call's error. */
  readonly op?: Op;
}

/**
 * Runs `call` on `comm`: to completion when `request` is undefined, else
 * started into `request` (an `I` call, or an `_init` for a `Prequest`),
 * which then keeps the call's memory alive.
 */
export function invoke(
  call: CollectiveCall,
  comm: Handle,
  request?: Request,
): void {
  const name = formName(call.name, request);
  const fn = bound(name, call.inPlaceAt);
  let rc: number;
  if (request === undefined) rc = fn(...call.args, comm);
  else {
    request.keep(call.op ? [...call.keep, call.op] : call.keep);
    if (call.op && !call.op.isPredefined) request.callsJavaScript();
    rc = request instanceof Prequest
      ? fn(...call.args, comm, H.INFO_NULL, request.cell)
      : fn(...call.args, comm, request.cell);
  }
  call.op?.rethrow(name);
  check(rc, name);
}
