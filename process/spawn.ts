/**
 * Starting processes: `MPI_Comm_spawn`, `MPI_Comm_spawn_multiple`, the
 * parent of a started process (`MPI_Comm_get_parent`) and
 * `MPI_Comm_disconnect`. The command, arguments, process counts and hints
 * matter at the root only; other ranks may pass anything there. Calls that
 * make a communicator return its handle; `comm/comm.ts` wraps it.
 *
 * @module
 */
import {
  cString,
  H,
  type Handle,
  HANDLE_SIZE,
  lib,
  pointerArray,
  readHandle,
  sameHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, describe, int } from "../core/errors.ts";
import { infoHandle } from "../core/info.ts";
import { rootRank } from "../core/checks.ts";
import { rc } from "../rc.ts";
import type { Comm } from "../comm/comm.ts";
import { agree } from "./agree.ts";
import { processError } from "./failure.ts";

/** A command's arguments as C memory: the strings and the `argv` table. */
interface Argv {
  readonly strings: Uint8Array[];
  readonly table: BigUint64Array | null;
}

function commandArg(value: unknown, name: string): Uint8Array {
  if (typeof value === "string" && value !== "") return cString(value);
  throw new TypeError(
    `${name} must be a non-empty string, got ${describe(value)}`,
  );
}

function argvArg(value: unknown, name: string): Argv {
  if (value === undefined || value === null) {
    return { strings: [], table: null };
  }
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${name} must be an array of strings, got ${describe(value)}`,
    );
  }
  const strings = value.map((a, i) => {
    if (typeof a === "string") return cString(a);
    throw new TypeError(`${name}[${i}] must be a string, got ${describe(a)}`);
  });
  return {
    strings,
    table: strings.length ? pointerArray(strings, true) : null,
  };
}

function maxprocsArg(value: unknown, name: string): number {
  const n = int(value, name);
  if (n < 1) throw new RangeError(`${name} must be at least 1, got ${n}`);
  return n;
}

function errcodesArg(value: unknown): void {
  if (value !== undefined && !Array.isArray(value)) {
    throw new TypeError(
      `errcodes must be an array (it receives one code per process), got ${
        describe(value)
      }`,
    );
  }
}

function fill(errcodes: number[] | undefined, codes: Int32Array): void {
  if (errcodes) {
    errcodes.length = 0;
    errcodes.push(...codes);
  }
}

/**
 * `MPI_Comm_spawn` over the intracommunicator `comm`: starts `maxprocs`
 * copies of `command` with `args`. Fills `errcodes` (one code per process,
 * `SUCCESS` for each started one) and returns the intercommunicator's
 * handle.
 */
export function spawn(
  comm: Comm,
  command: unknown,
  args: unknown,
  maxprocs: unknown,
  info: unknown,
  root: number,
  errcodes: number[] | undefined,
): Handle {
  const call = "MPI_Comm_spawn";
  const r = rootRank(comm, root, call);
  let cmd: Uint8Array | null = null;
  let argv: Argv = { strings: [], table: null };
  let hints = H.INFO_NULL!;
  const total = agree(comm, r, call, () => {
    cmd = commandArg(command, "command");
    argv = argvArg(args, "args");
    hints = infoHandle(info);
    return maxprocsArg(maxprocs, "maxprocs");
  }, () => errcodesArg(errcodes));
  const codes = new Int32Array(total);
  const out = new Uint8Array(8);
  const status = lib.MPI_Comm_spawn(
    cmd,
    argv.table,
    total,
    hints,
    r,
    comm.handle,
    out,
    codes,
  );
  void argv.strings; // kept alive through the call
  if (status !== 0) throw processError(status, call);
  fill(errcodes, codes);
  return readHandle(out);
}

/** What the root of `MPI_Comm_spawn_multiple` passes to C. */
interface Commands {
  readonly count: number;
  readonly commands: Uint8Array[];
  readonly commandTable: BigUint64Array;
  readonly argvs: Argv[];
  readonly argvTable: BigUint64Array | null;
  readonly maxprocs: Int32Array;
  readonly infos: Uint8Array;
  readonly total: number;
}

function commandsArg(
  commands: unknown,
  args: unknown,
  maxprocs: unknown,
  info: unknown,
): Commands {
  if (!Array.isArray(commands) || commands.length === 0) {
    throw new TypeError(
      `commands must be a non-empty array of strings, got ${
        describe(commands)
      }`,
    );
  }
  const count = commands.length;
  const cmds = commands.map((c, i) => commandArg(c, `commands[${i}]`));
  const listOf = (value: unknown, name: string): unknown[] | undefined => {
    if (!Array.isArray(value)) return undefined;
    if (value.length !== count) {
      throw new RangeError(
        `${name} must have one entry per command (${count}), got ${value.length}`,
      );
    }
    return value;
  };
  let argvs: Argv[];
  if (args === undefined || args === null) {
    argvs = cmds.map(() => ({ strings: [], table: null }));
  } else {
    const list = listOf(args, "args");
    if (!list) {
      throw new TypeError(
        `args must be an array of string arrays (one per command), got ${
          describe(args)
        }`,
      );
    }
    argvs = list.map((a, i) => argvArg(a, `args[${i}]`));
  }
  const counts = listOf(maxprocs, "maxprocs") ??
    cmds.map(() => maxprocs);
  const procs = Int32Array.from(
    counts.map((n, i) =>
      maxprocsArg(n, Array.isArray(maxprocs) ? `maxprocs[${i}]` : "maxprocs")
    ),
  );
  const infoList = listOf(info, "info") ?? cmds.map(() => info);
  const infos = new Uint8Array(count * HANDLE_SIZE);
  infoList.forEach((item, i) =>
    writeHandle(
      infos,
      i * HANDLE_SIZE,
      infoHandle(item, Array.isArray(info) ? `info[${i}]` : "info"),
    )
  );
  const anyArgs = argvs.some((a) => a.table !== null);
  return {
    count,
    commands: cmds,
    commandTable: pointerArray(cmds, false),
    argvs,
    // MPI_ARGVS_NULL when no command has arguments; else an empty list is
    // an argv holding just its terminating NULL.
    argvTable: anyArgs
      ? pointerArray(
        argvs.map((a) => a.table ?? new BigUint64Array(1)),
        false,
      )
      : null,
    maxprocs: procs,
    infos,
    total: procs.reduce((s, n) => s + n, 0),
  };
}

/**
 * `MPI_Comm_spawn_multiple` over the intracommunicator `comm`: starts
 * `maxprocs[i]` copies of `commands[i]` with `args[i]` and hints `info[i]`
 * (a single `maxprocs` or `info` applies to every command). Fills
 * `errcodes` (one code per process, in command order).
 */
export function spawnMultiple(
  comm: Comm,
  commands: unknown,
  args: unknown,
  maxprocs: unknown,
  info: unknown,
  root: number,
  errcodes: number[] | undefined,
): Handle {
  const call = "MPI_Comm_spawn_multiple";
  const r = rootRank(comm, root, call);
  let c: Commands | undefined;
  const total = agree(comm, r, call, () => {
    c = commandsArg(commands, args, maxprocs, info);
    return c.total;
  }, () => errcodesArg(errcodes));
  const codes = new Int32Array(total);
  const out = new Uint8Array(8);
  const status = lib.MPI_Comm_spawn_multiple(
    c?.count ?? 0,
    c?.commandTable ?? null,
    c?.argvTable ?? null,
    c?.maxprocs ?? null,
    c?.infos ?? null,
    r,
    comm.handle,
    out,
    codes,
  );
  void c; // the strings and tables stay alive through the call
  if (status !== 0) throw processError(status, call);
  fill(errcodes, codes);
  return readHandle(out);
}

/**
 * `MPI_Comm_get_parent`: the handle of the intercommunicator to the
 * processes that started this one (`MPI_COMM_NULL` if none), its errors
 * made to return per the `errors` setting.
 */
export function getParent(): Handle {
  const out = new Uint8Array(8);
  check(lib.MPI_Comm_get_parent(out), "MPI_Comm_get_parent");
  const h = readHandle(out);
  if (rc.errors === "exception" && !sameHandle(h, H.COMM_NULL)) {
    returnErrors(h);
  }
  return h;
}

/** Makes errors on communicator `h` return (the `exception` mode). */
export function returnErrors(h: Handle): void {
  check(
    lib.MPI_Comm_set_errhandler(h, H.ERRORS_RETURN!),
    "MPI_Comm_set_errhandler",
  );
}

/** `MPI_Comm_disconnect`: waits for pending communication, then frees `h`. */
export function disconnect(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Comm_disconnect(cell), "MPI_Comm_disconnect");
}
