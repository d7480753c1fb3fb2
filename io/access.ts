/**
 * Every data access of a file from one description per access: where it
 * starts (an explicit offset, the individual pointer, the shared pointer),
 * whether it reads or writes, and whether it is collective. A call resolves
 * and checks its arguments once (`prepare`), then a runner makes the C call
 * of the form asked for: blocking (`MPI_File_read_at`), started
 * (`MPI_File_iread_at` → `Request`) or split collective
 * (`MPI_File_read_at_all_begin` / `_end`).
 *
 * Counts beyond 2^31 − 1 elements use the large-count `_c` call where the
 * library has a working one, else one element of a derived datatype made of
 * 2^30-element chunks (freed right after the call starts: MPI lets a
 * pending operation finish with a freed type). MPICH 4.0 exports the `_c`
 * I/O calls, but its ROMIO asserts `count <= INT_MAX` inside them and
 * aborts the process, so there the chunked datatype is used too.
 *
 * @module
 */
import {
  C,
  type Handle,
  has,
  lib,
  type Memory,
  type Pointer,
} from "../ffi/lib.ts";
import { check, mpiError } from "../core/errors.ts";
import { resolve, Resolved } from "../core/buffer.ts";
import { Datatype } from "../core/datatype.ts";
import { Get_library_version } from "../core/environment.ts";
import { Request } from "../core/request.ts";
import { type Status, statusBytes } from "../core/status.ts";
import { fileHandle, type FileLike, offsetArg } from "./args.ts";

/** One kind of data access, e.g. `read_at_all`. */
export interface Access {
  /** The C name's stem: `read_at_all`, `write_ordered`, ... */
  readonly stem: string;
  /** Whether it takes an explicit offset. */
  readonly at: boolean;
  /** Whether it writes. */
  readonly write: boolean;
  /** Blocking C name, e.g. `MPI_File_read_at_all`. */
  readonly blocking: string;
  /** Started (`I`) C name, e.g. `MPI_File_iread_at_all`. */
  readonly started: string;
  /** Split-collective C names. */
  readonly begin: string;
  /** Split-collective C names. */
  readonly end: string;
  /** The blocking C call (for counts up to `INT_MAX`). */
  readonly call: BlockingCall;
}

/** The resolved arguments a blocking C call of an access passes on. */
interface CallArgs {
  fh: Pointer;
  offset: bigint;
  buf: Memory;
  count: number;
  type: Handle;
}

type BlockingCall = (c: CallArgs, status: Memory) => number;

/**
 * The blocking C call of each access, each from a call site of its own. A
 * call site that several C functions share is polymorphic, and V8 then
 * leaves the runtime's fast FFI call for its generic path: a 4 KiB
 * `MPI_File_write_at` took 2.3 µs instead of 1.5 once the program had also
 * read (measured; 0.2 µs more per call on cheap calls). The other forms
 * start a request or a split collective and go through `fn`.
 */
const BLOCKING = {
  read_at: (c, s) =>
    lib.MPI_File_read_at(c.fh, c.offset, c.buf, c.count, c.type, s),
  write_at: (c, s) =>
    lib.MPI_File_write_at(c.fh, c.offset, c.buf, c.count, c.type, s),
  read_at_all: (c, s) =>
    lib.MPI_File_read_at_all(c.fh, c.offset, c.buf, c.count, c.type, s),
  write_at_all: (c, s) =>
    lib.MPI_File_write_at_all(c.fh, c.offset, c.buf, c.count, c.type, s),
  read: (c, s) => lib.MPI_File_read(c.fh, c.buf, c.count, c.type, s),
  write: (c, s) => lib.MPI_File_write(c.fh, c.buf, c.count, c.type, s),
  read_all: (c, s) => lib.MPI_File_read_all(c.fh, c.buf, c.count, c.type, s),
  write_all: (c, s) => lib.MPI_File_write_all(c.fh, c.buf, c.count, c.type, s),
  read_shared: (c, s) =>
    lib.MPI_File_read_shared(c.fh, c.buf, c.count, c.type, s),
  write_shared: (c, s) =>
    lib.MPI_File_write_shared(c.fh, c.buf, c.count, c.type, s),
  read_ordered: (c, s) =>
    lib.MPI_File_read_ordered(c.fh, c.buf, c.count, c.type, s),
  write_ordered: (c, s) =>
    lib.MPI_File_write_ordered(c.fh, c.buf, c.count, c.type, s),
} satisfies Record<string, BlockingCall>;

function access(stem: keyof typeof BLOCKING): Access {
  return {
    stem,
    call: BLOCKING[stem],
    at: stem.includes("_at"),
    write: stem.startsWith("write"),
    blocking: `MPI_File_${stem}`,
    started: `MPI_File_i${stem}`,
    begin: `MPI_File_${stem}_begin`,
    end: `MPI_File_${stem}_end`,
  };
}

/** The twelve accesses of MPI-IO (offset × pointer × coordination). */
export const ACCESS = {
  read_at: access("read_at"),
  write_at: access("write_at"),
  read_at_all: access("read_at_all"),
  write_at_all: access("write_at_all"),
  read: access("read"),
  write: access("write"),
  read_all: access("read_all"),
  write_all: access("write_all"),
  read_shared: access("read_shared"),
  write_shared: access("write_shared"),
  read_ordered: access("read_ordered"),
  write_ordered: access("write_ordered"),
} as const;

type Call = (...args: unknown[]) => number;

const INT_MAX = 2 ** 31 - 1;
/** Elements per chunk of the derived type for large counts without `_c` calls. */
const CHUNK = 2 ** 30;

/** One access, resolved: what to hand to C. */
class IoCall {
  fh: Pointer = null;
  offset = 0n;
  buf: Memory = null;
  count = 0;
  type: Handle = 0;
  /** The datatype made for a large count, freed after the call starts. */
  temp: Datatype | undefined = undefined;
  /** Whether the `_c` (MPI_Count) variant is to be called. */
  large = false;
  owner: unknown = null;
}

let cCalls: boolean | undefined;

/** Whether the library's `_c` I/O calls take counts beyond `INT_MAX`. */
function largeCountCalls(): boolean {
  return cCalls ??= !/MPICH Version:\s+4\.0\./.test(Get_library_version());
}

const MSG = new Resolved();
const CALL = new IoCall();

/** `count` elements of `dt` as one element of a derived type of chunks. */
function chunked(dt: Datatype, count: number): Datatype {
  const blocks = Math.floor(count / CHUNK);
  const rest = count - blocks * CHUNK;
  const chunk = dt.Create_contiguous(CHUNK);
  const whole = chunk.Create_contiguous(blocks);
  chunk.Free();
  if (rest === 0) return whole.Commit();
  const all = Datatype.Create_struct(
    [1, rest],
    [0, blocks * CHUNK * dt.extent],
    [whole, dt],
  );
  whole.Free();
  return all.Commit();
}

/** Resolves `offset` (for `at` accesses) and `buf` of a call to `name`. */
function prepare(
  file: FileLike,
  a: Access,
  name: string,
  offset: unknown,
  buf: unknown,
): IoCall {
  const call = CALL;
  call.fh = fileHandle(file, name);
  if (a.at) call.offset = offsetArg(offset, "offset");
  const m = resolve(buf, MSG, "buf");
  call.buf = m.buf;
  call.owner = m.owner;
  call.count = m.count;
  call.type = m.type;
  call.large = false;
  call.temp = undefined;
  if (m.count > INT_MAX) {
    if (has(`${name}_c`) && largeCountCalls()) call.large = true;
    else {
      call.temp = chunked(m.datatype, m.count);
      call.count = 1;
      call.type = call.temp.handle;
    }
  }
  return call;
}

/** The bound C function `name` (its `_c` twin for large counts). */
function fn(name: string, large: boolean): Call {
  return lib[large ? `${name}_c` : name] as Call;
}

/** Makes the C call: `(fh, [offset], buf, count, type, last)`. */
function run(call: IoCall, a: Access, name: string, last: unknown): void {
  const f = fn(name, call.large);
  let rc: number;
  try {
    rc = a.at
      ? f(call.fh, call.offset, call.buf, call.count, call.type, last)
      : f(call.fh, call.buf, call.count, call.type, last);
  } finally {
    call.temp?.Free();
    call.temp = undefined;
  }
  check(rc, call.large ? `${name}_c` : name);
}

/**
 * The blocking form: reads or writes `buf` and fills `status` (how much
 * was moved).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const mode = mpi.MODE_RDWR | mpi.MODE_CREATE | mpi.MODE_DELETE_ON_CLOSE;
 * using file = mpi.File.Open(mpi.COMM_SELF, "/tmp/example.bin", mode);
 * blocking(file, ACCESS.write_at, 0, new Float64Array(4), undefined); // MPI_File_write_at
 * ```
 */
export function blocking(
  file: FileLike,
  a: Access,
  offset: unknown,
  buf: unknown,
  status: Status | undefined,
): void {
  const call = prepare(file, a, a.blocking, offset, buf);
  if (call.large || call.temp) run(call, a, a.blocking, statusBytes(status));
  else check(a.call(call, statusBytes(status)), a.blocking);
}

/**
 * The started form (`MPI_File_i...`): a `Request` that keeps `buf` alive
 * until it completes (`Wait`, `Test`, `waitAsync`).
 */
export function started(
  file: FileLike,
  a: Access,
  offset: unknown,
  buf: unknown,
): Request {
  const call = prepare(file, a, a.started, offset, buf);
  const request = new Request(call.owner);
  run(call, a, a.started, request.cell);
  return request;
}

/** The split collective active on each file (MPI allows one at a time). */
const pending = new WeakMap<FileLike, { a: Access; owner: unknown }>();

/** The `_begin` half of a split collective: starts the access. */
export function begin(
  file: FileLike,
  a: Access,
  offset: unknown,
  buf: unknown,
): void {
  const active = pending.get(file);
  if (active) {
    throw mpiError(
      C.ERR_OTHER,
      a.begin,
      `${active.a.begin} is still active on this file: call ${active.a.end} first`,
    );
  }
  const call = prepare(file, a, a.begin, offset, buf);
  // The buffer stays referenced until `_end`.
  const f = fn(a.begin, call.large);
  let rc: number;
  try {
    rc = a.at
      ? f(call.fh, call.offset, call.buf, call.count, call.type)
      : f(call.fh, call.buf, call.count, call.type);
  } finally {
    call.temp?.Free();
    call.temp = undefined;
  }
  check(rc, call.large ? `${a.begin}_c` : a.begin);
  pending.set(file, { a, owner: call.owner });
}

/** The `_end` half of a split collective: completes it, fills `status`. */
export function end(
  file: FileLike,
  a: Access,
  buf: unknown,
  status: Status | undefined,
): void {
  const fh = fileHandle(file, a.end);
  const active = pending.get(file);
  if (!active || active.a !== a) {
    throw mpiError(
      C.ERR_OTHER,
      a.end,
      active
        ? `the active split collective is ${active.a.begin}: end it with ${active.a.end}`
        : `no ${a.begin} is active on this file`,
    );
  }
  const m = resolve(buf, MSG, "buf");
  const rc = (lib[a.end] as Call)(fh, m.buf, statusBytes(status));
  pending.delete(file);
  check(rc, a.end);
}
