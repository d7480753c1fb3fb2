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
  abi,
  C,
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
import { check, describe, int, mpiError } from "../core/errors.ts";
import { Info, INFO_NULL, infoHandle } from "../core/info.ts";
import { isExecutable } from "../ffi/process.ts";
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

/**
 * A command as a C string, checked to be an executable file here: Open MPI
 * ends the job (or, started without mpiexec, waits forever) when it cannot
 * start a command.
 */
function commandArg(value: unknown, name: string, call: string): Uint8Array {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(
      `${name} must be a non-empty string, got ${describe(value)}`,
    );
  }
  if (!isExecutable(value)) {
    throw mpiError(
      C.ERR_SPAWN,
      call,
      `${name} '${value}' is not an executable file (as a path, or on PATH)`,
    );
  }
  return cString(value);
}

/** The hints of one command: the user's, and a copy mpi4ts made (to free). */
interface Hints {
  readonly handle: Handle;
  readonly copy?: Info;
}

/**
 * The hints to start processes with. Open MPI places new processes on free
 * slots (cores) only, and 4.1 leaves the other ranks waiting in the call
 * when the root's start fails; so unless the hints choose a placement
 * (`map_by`), mpi4ts adds `map_by=":OVERSUBSCRIBE"`, as `mpiexec
 * --oversubscribe` would.
 */
function hintsArg(info: unknown, name: string): Hints {
  const handle = infoHandle(info, name);
  if (abi.name !== "openmpi") return { handle };
  const given = info instanceof Info && info !== INFO_NULL ? info : undefined;
  if (given?.Get("map_by") !== undefined) return { handle };
  if (given?.Get("map-by") !== undefined) return { handle };
  const copy = given ? given.Dup() : Info.Create();
  copy.Set("map_by", ":OVERSUBSCRIBE");
  return { handle: copy.handle, copy };
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
  let hints: Hints = { handle: H.INFO_NULL! };
  try {
    const total = agree(comm, r, call, () => {
      cmd = commandArg(command, "command", call);
      argv = argvArg(args, "args");
      const n = maxprocsArg(maxprocs, "maxprocs");
      hints = hintsArg(info, "info");
      return n;
    }, () => errcodesArg(errcodes));
    const codes = new Int32Array(total);
    const out = new Uint8Array(8);
    const status = lib.MPI_Comm_spawn(
      cmd,
      argv.table,
      total,
      hints.handle,
      r,
      comm.handle,
      out,
      codes,
    );
    void argv.strings; // kept alive through the call
    if (status !== 0) throw processError(status, call);
    fill(errcodes, codes);
    return readHandle(out);
  } finally {
    hints.copy?.Free();
  }
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
  readonly copies: Info[];
  readonly total: number;
}

function commandsArg(
  call: string,
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
  const cmds = commands.map((c, i) => commandArg(c, `commands[${i}]`, call));
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
  infoList.forEach((item, i) =>
    infoHandle(item, Array.isArray(info) ? `info[${i}]` : "info")
  );
  const hints = infoList.map((item) => hintsArg(item, "info"));
  const infos = new Uint8Array(count * HANDLE_SIZE);
  hints.forEach((h, i) => writeHandle(infos, i * HANDLE_SIZE, h.handle));
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
    copies: hints.flatMap((h) => h.copy ? [h.copy] : []),
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
  try {
    const total = agree(comm, r, call, () => {
      c = commandsArg(call, commands, args, maxprocs, info);
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
  } finally {
    for (const copy of (c as Commands | undefined)?.copies ?? []) copy.Free();
  }
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
  if (sameHandle(h, H.COMM_WORLD) || sameHandle(h, H.COMM_SELF)) {
    throw mpiError(
      C.ERR_COMM,
      "MPI_Comm_disconnect",
      "COMM_WORLD and COMM_SELF cannot be disconnected",
    );
  }
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Comm_disconnect(cell), "MPI_Comm_disconnect");
}
