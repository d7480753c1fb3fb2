/**
 * `File`: a file opened by a group of processes for parallel I/O
 * (MPI-IO). Each method is one call into the `io/` functions that do the
 * work: `open.ts` (open, close, delete), `access.ts` (every data access
 * form), `view.ts` (views and file pointers), `properties.ts` (size,
 * hints, atomicity, ...).
 *
 * @module
 */
import { C, type Pointer } from "../ffi/lib.ts";
import { HandleObject } from "../core/handle.ts";
import type { BufSpec } from "../core/buffer.ts";
import type { Datatype } from "../core/datatype.ts";
import type { Group } from "../core/group.ts";
import type { Info } from "../core/info.ts";
import type { Request } from "../core/request.ts";
import type { Status } from "../core/status.ts";
import type { Errhandler } from "../core/errhandler.ts";
import type { Intracomm } from "../comm/comm.ts";
import { ACCESS, begin, blocking, end, started } from "./access.ts";
import { closeFile, deleteFile, openFile, track } from "./open.ts";
import {
  byteOffset,
  getView,
  position,
  seek,
  setView,
  typeExtent,
} from "./view.ts";
import * as prop from "./properties.ts";

/** A file offset: a `number`, or a `bigint` beyond 2^53. */
export type Offset = number | bigint;

/**
 * A file opened collectively by the processes of a communicator. Offsets
 * count etypes of the current view (bytes by default); `buf` is a buffer
 * specification (`data`, `[data, count]`, `[data, count, datatype]`, ...).
 * Close it with `Close()` or a `using` declaration: closing is collective,
 * so the garbage collector never does it; files still open at exit are
 * closed just before `MPI_Finalize`. Errors are `MPIError`s with the
 * file error classes (`ERR_NO_SUCH_FILE`, `ERR_FILE_EXISTS`,
 * `ERR_ACCESS`, ...).
 *
 * @example Each rank writes its block, then reads its neighbour's
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const path = comm.bcast(comm.rank === 0 ? Deno.makeTempFileSync() : "", 0) as string;
 * {
 *   using fh = mpi.File.Open(comm, path, mpi.MODE_RDWR | mpi.MODE_CREATE);
 *   const block = new Float64Array(4).fill(comm.rank);
 *   fh.Write_at_all(comm.rank * block.byteLength, block);
 *   const back = new Float64Array(4);
 *   const other = (comm.rank + 1) % comm.size;
 *   fh.Read_at_all(other * back.byteLength, back);
 *   console.log(back[0] === other); // true
 * }
 * comm.Barrier();
 * if (comm.rank === 0) mpi.File.Delete(path);
 * ```
 */
export class File extends HandleObject {
  /**
   * Wraps an open file handle; users get files from `File.Open`.
   *
   * @param handle the C `MPI_File` (`null` for `FILE_NULL`)
   */
  constructor(handle: Pointer) {
    super(handle);
    if (handle !== null) track(this, () => this.invalidate());
  }

  /** `ERR_FILE`: the class of errors for a closed or null file. */
  protected get nullErrorClass(): number {
    return C.ERR_FILE;
  }

  /** Whether this is `FILE_NULL` itself (a predefined object). */
  override get isPredefined(): boolean {
    return this === FILE_NULL;
  }

  // ------------------------------------------------------ open and close

  /**
   * Opens `path` (a string or a `file:` URL) on every process of `comm`
   * (`MPI_File_open`, collective); `amode` combines `MODE_*` flags.
   */
  static Open(
    comm: Intracomm,
    path: string | URL,
    amode: number = C.MODE_RDONLY,
    info?: Info,
  ): File {
    return openFile(comm, path, amode, info, (h) => new File(h));
  }

  /** Deletes the file at `path` (`MPI_File_delete`). */
  static Delete(path: string | URL, info?: Info): void {
    deleteFile(path, info);
  }

  /** Closes the file (`MPI_File_close`, collective); a no-op once closed. */
  Close(): void {
    closeFile(this);
  }

  /** Same as `Close()`. */
  override Free(): void {
    closeFile(this);
  }

  /** Same as `Close()`, for `using` declarations. */
  override [Symbol.dispose](): void {
    closeFile(this);
  }

  // ------------------------------------------------------------- state

  /** Resizes the file to `size` bytes (`MPI_File_set_size`, collective). */
  Set_size(size: Offset): void {
    prop.setSize(this, size);
  }
  /** Reserves `size` bytes of storage (`MPI_File_preallocate`, collective). */
  Preallocate(size: Offset): void {
    prop.preallocate(this, size);
  }
  /** The size in bytes (`MPI_File_get_size`). */
  Get_size(): number {
    return prop.getSize(this);
  }
  /** The size in bytes. */
  get size(): number {
    return prop.getSize(this);
  }
  /** The access mode it was opened with (`MPI_File_get_amode`). */
  Get_amode(): number {
    return prop.getAmode(this);
  }
  /** The access mode it was opened with. */
  get amode(): number {
    return prop.getAmode(this);
  }
  /** The group that opened it (`MPI_File_get_group`); free it when done. */
  Get_group(): Group {
    return prop.getGroup(this);
  }
  /** The group that opened it. */
  get group(): Group {
    return prop.getGroup(this);
  }
  /** Number of processes that opened it. */
  get group_size(): number {
    using g = prop.getGroup(this);
    return g.size;
  }
  /** This process's rank in the group that opened it. */
  get group_rank(): number {
    using g = prop.getGroup(this);
    return g.rank;
  }
  /** Sets hints (`MPI_File_set_info`, collective). */
  Set_info(info: Info): void {
    prop.setInfo(this, info);
  }
  /** The hints in use (`MPI_File_get_info`); a new `Info` to free. */
  Get_info(): Info {
    return prop.getInfo(this);
  }
  /** The hints in use. */
  get info(): Info {
    return prop.getInfo(this);
  }
  set info(info: Info) {
    prop.setInfo(this, info);
  }
  /** Turns atomic mode on or off (`MPI_File_set_atomicity`, collective). */
  Set_atomicity(flag: boolean): void {
    prop.setAtomicity(this, flag);
  }
  /** Whether atomic mode is on (`MPI_File_get_atomicity`). */
  Get_atomicity(): boolean {
    return prop.getAtomicity(this);
  }
  /** Whether atomic mode is on. */
  get atomicity(): boolean {
    return prop.getAtomicity(this);
  }
  set atomicity(flag: boolean) {
    prop.setAtomicity(this, flag);
  }
  /** Flushes written data to storage (`MPI_File_sync`, collective). */
  Sync(): void {
    prop.sync(this);
  }
  /** Sets the error handler (`MPI_File_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    prop.setErrhandler(this, errhandler);
  }
  /** The error handler (`MPI_File_get_errhandler`; `ERRORS_RETURN` by default). */
  Get_errhandler(): Errhandler {
    return prop.getErrhandler(this);
  }

  // ------------------------------------------------- views and pointers

  /**
   * Sets the view (`MPI_File_set_view`, collective): from byte `disp` on,
   * this process sees `etype`s laid out by `filetype`, in `datarep`
   * (`"native"`, `"internal"`, `"external32"` where the library has it).
   */
  Set_view(
    disp: Offset = 0,
    etype?: Datatype,
    filetype?: Datatype,
    datarep = "native",
    info?: Info,
  ): void {
    setView(this, disp, etype, filetype, datarep, info);
  }
  /** `[disp, etype, filetype, datarep]` (`MPI_File_get_view`); derived types in it are the caller's. */
  Get_view(): [number, Datatype, Datatype, string] {
    return getView(this);
  }
  /** Moves the individual file pointer (`MPI_File_seek`), in etypes. */
  Seek(offset: Offset, whence: number = C.SEEK_SET): void {
    seek(this, false, offset, whence);
  }
  /** The individual file pointer, in etypes (`MPI_File_get_position`). */
  Get_position(): number {
    return position(this, false);
  }
  /** Moves the shared file pointer (`MPI_File_seek_shared`, collective). */
  Seek_shared(offset: Offset, whence: number = C.SEEK_SET): void {
    seek(this, true, offset, whence);
  }
  /** The shared file pointer, in etypes (`MPI_File_get_position_shared`). */
  Get_position_shared(): number {
    return position(this, true);
  }
  /** The absolute byte position of view offset `offset` (`MPI_File_get_byte_offset`). */
  Get_byte_offset(offset: Offset): number {
    return byteOffset(this, offset);
  }
  /** Bytes `datatype` spans in the file (`MPI_File_get_type_extent`). */
  Get_type_extent(datatype: Datatype): number {
    return typeExtent(this, datatype);
  }

  // ------------------------------------------------- explicit offsets

  /** Reads at `offset` (`MPI_File_read_at`); `status` tells how much. */
  Read_at(offset: Offset, buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read_at, offset, buf, status);
  }
  /** Reads at `offset`, collectively (`MPI_File_read_at_all`). */
  Read_at_all(offset: Offset, buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read_at_all, offset, buf, status);
  }
  /** Writes at `offset` (`MPI_File_write_at`). */
  Write_at(offset: Offset, buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write_at, offset, buf, status);
  }
  /** Writes at `offset`, collectively (`MPI_File_write_at_all`). */
  Write_at_all(offset: Offset, buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write_at_all, offset, buf, status);
  }
  /** Starts a read at `offset` (`MPI_File_iread_at`). */
  Iread_at(offset: Offset, buf: BufSpec): Request {
    return started(this, ACCESS.read_at, offset, buf);
  }
  /** Starts a collective read at `offset` (`MPI_File_iread_at_all`). */
  Iread_at_all(offset: Offset, buf: BufSpec): Request {
    return started(this, ACCESS.read_at_all, offset, buf);
  }
  /** Starts a write at `offset` (`MPI_File_iwrite_at`). */
  Iwrite_at(offset: Offset, buf: BufSpec): Request {
    return started(this, ACCESS.write_at, offset, buf);
  }
  /** Starts a collective write at `offset` (`MPI_File_iwrite_at_all`). */
  Iwrite_at_all(offset: Offset, buf: BufSpec): Request {
    return started(this, ACCESS.write_at_all, offset, buf);
  }

  // ------------------------------------------------ individual pointer

  /** Reads at the individual pointer and advances it (`MPI_File_read`). */
  Read(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read, undefined, buf, status);
  }
  /** Reads at the individual pointer, collectively (`MPI_File_read_all`). */
  Read_all(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read_all, undefined, buf, status);
  }
  /** Writes at the individual pointer and advances it (`MPI_File_write`). */
  Write(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write, undefined, buf, status);
  }
  /** Writes at the individual pointer, collectively (`MPI_File_write_all`). */
  Write_all(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write_all, undefined, buf, status);
  }
  /** Starts a read at the individual pointer (`MPI_File_iread`). */
  Iread(buf: BufSpec): Request {
    return started(this, ACCESS.read, undefined, buf);
  }
  /** Starts a collective read at the individual pointer (`MPI_File_iread_all`). */
  Iread_all(buf: BufSpec): Request {
    return started(this, ACCESS.read_all, undefined, buf);
  }
  /** Starts a write at the individual pointer (`MPI_File_iwrite`). */
  Iwrite(buf: BufSpec): Request {
    return started(this, ACCESS.write, undefined, buf);
  }
  /** Starts a collective write at the individual pointer (`MPI_File_iwrite_all`). */
  Iwrite_all(buf: BufSpec): Request {
    return started(this, ACCESS.write_all, undefined, buf);
  }

  // ---------------------------------------------------- shared pointer

  /** Reads at the shared pointer (`MPI_File_read_shared`). */
  Read_shared(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read_shared, undefined, buf, status);
  }
  /** Writes at the shared pointer (`MPI_File_write_shared`). */
  Write_shared(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write_shared, undefined, buf, status);
  }
  /** Starts a read at the shared pointer (`MPI_File_iread_shared`). */
  Iread_shared(buf: BufSpec): Request {
    return started(this, ACCESS.read_shared, undefined, buf);
  }
  /** Starts a write at the shared pointer (`MPI_File_iwrite_shared`). */
  Iwrite_shared(buf: BufSpec): Request {
    return started(this, ACCESS.write_shared, undefined, buf);
  }
  /** Reads at the shared pointer in rank order, collectively (`MPI_File_read_ordered`). */
  Read_ordered(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.read_ordered, undefined, buf, status);
  }
  /** Writes at the shared pointer in rank order, collectively (`MPI_File_write_ordered`). */
  Write_ordered(buf: BufSpec, status?: Status): void {
    blocking(this, ACCESS.write_ordered, undefined, buf, status);
  }

  // -------------------------------------------------- split collectives

  /** Starts a split collective read at `offset` (`MPI_File_read_at_all_begin`). */
  Read_at_all_begin(offset: Offset, buf: BufSpec): void {
    begin(this, ACCESS.read_at_all, offset, buf);
  }
  /** Completes `Read_at_all_begin` (`MPI_File_read_at_all_end`). */
  Read_at_all_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.read_at_all, buf, status);
  }
  /** Starts a split collective write at `offset` (`MPI_File_write_at_all_begin`). */
  Write_at_all_begin(offset: Offset, buf: BufSpec): void {
    begin(this, ACCESS.write_at_all, offset, buf);
  }
  /** Completes `Write_at_all_begin` (`MPI_File_write_at_all_end`). */
  Write_at_all_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.write_at_all, buf, status);
  }
  /** Starts a split collective read at the individual pointer (`MPI_File_read_all_begin`). */
  Read_all_begin(buf: BufSpec): void {
    begin(this, ACCESS.read_all, undefined, buf);
  }
  /** Completes `Read_all_begin` (`MPI_File_read_all_end`). */
  Read_all_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.read_all, buf, status);
  }
  /** Starts a split collective write at the individual pointer (`MPI_File_write_all_begin`). */
  Write_all_begin(buf: BufSpec): void {
    begin(this, ACCESS.write_all, undefined, buf);
  }
  /** Completes `Write_all_begin` (`MPI_File_write_all_end`). */
  Write_all_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.write_all, buf, status);
  }
  /** Starts a split ordered read (`MPI_File_read_ordered_begin`). */
  Read_ordered_begin(buf: BufSpec): void {
    begin(this, ACCESS.read_ordered, undefined, buf);
  }
  /** Completes `Read_ordered_begin` (`MPI_File_read_ordered_end`). */
  Read_ordered_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.read_ordered, buf, status);
  }
  /** Starts a split ordered write (`MPI_File_write_ordered_begin`). */
  Write_ordered_begin(buf: BufSpec): void {
    begin(this, ACCESS.write_ordered, undefined, buf);
  }
  /** Completes `Write_ordered_begin` (`MPI_File_write_ordered_end`). */
  Write_ordered_end(buf: BufSpec, status?: Status): void {
    end(this, ACCESS.write_ordered, buf, status);
  }
}

/**
 * The null file (`MPI_FILE_NULL`): what a closed file compares to in
 * MPI; every call on it throws `MPIError` (`ERR_FILE`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.FILE_NULL.Get_size();
 * } catch (e) {
 *   console.log((e as mpi.MPIError).errorClass === mpi.ERR_FILE); // true
 * }
 * ```
 */
export const FILE_NULL: File = new File(null);
