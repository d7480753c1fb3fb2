/**
 * Packing (`Datatype.Pack`, `Unpack`, their `external` forms and sizes).
 * The data side is a buffer specification of the packing datatype, the
 * packed side is plain bytes from a byte `position`; both are checked
 * before MPI runs, because an MPI may pack part of the data into too small
 * a buffer without an error.
 *
 * @module
 */
import { cString, type Handle, lib } from "../ffi/lib.ts";
import type { Datatype } from "./datatype.ts";
import { type BufSpec, resolve, resolveAs, Resolved } from "./buffer.ts";
import { check, count as checkCount, describe } from "./errors.ts";
import { aint } from "./datatype_args.ts";
import { HandleObject } from "./handle.ts";

const INT_MAX = 0x7fffffff;
// Made on first use: `Datatype` imports this module, which must not touch
// `core/buffer.ts` (which imports `Datatype`) while the modules load.
let DATA: Resolved | undefined, PACKED: Resolved | undefined;
const intOut = new Int32Array(1);
const aintOut = new BigInt64Array(1);

function commHandle(comm: unknown): Handle {
  if (comm instanceof HandleObject && "rank" in comm) return comm.handle;
  throw new TypeError(`comm must be a communicator, got ${describe(comm)}`);
}

function datarepOf(datarep: unknown): Uint8Array {
  if (typeof datarep === "string") return cString(datarep);
  throw new TypeError(
    `datarep must be a string such as "external32", got ${describe(datarep)}`,
  );
}

/** The bytes of buffer spec `spec` (plain memory: no derived datatype). */
function bytesOf(spec: unknown, what: string): Uint8Array {
  const m = resolve(spec, PACKED ??= new Resolved(), what);
  const dt = m.datatype;
  if (dt.size !== dt.extent || dt.lb !== 0 || dt.true_lb !== 0) {
    throw new TypeError(
      `${what}: packed data must be plain memory, not ${dt.name}`,
    );
  }
  const length = m.count * dt.extent;
  const mem = m.buf;
  if (mem === null) return new Uint8Array(0);
  return ArrayBuffer.isView(mem)
    ? new Uint8Array(mem.buffer, mem.byteOffset, length)
    : new Uint8Array(mem, 0, length);
}

/** Checks that `need` bytes from byte `position` fit in `bytes` of `what`. */
function positionIn(
  position: unknown,
  need: number,
  bytes: number,
  what: string,
): number {
  const pos = aint(position, "position");
  if (pos < 0 || pos > bytes) {
    throw new RangeError(
      `position must be within ${what} (0 to ${bytes}), got ${pos}`,
    );
  }
  if (pos + need > bytes) {
    throw new RangeError(
      `${what}: ${need} bytes from position ${pos} overrun its ${bytes} bytes`,
    );
  }
  return pos;
}

/** Bytes one call moves between `m` and its packed form, for `datarep` (or native). */
function packedSize(type: Datatype, m: Resolved, datarep?: Uint8Array): number {
  if (datarep === undefined) return m.count * type.size;
  return externalSize(type, datarep, m.count);
}

function externalSize(
  type: Datatype,
  datarep: Uint8Array,
  count: number,
): number {
  check(
    lib.MPI_Pack_external_size(datarep, count, type.handle, aintOut),
    "MPI_Pack_external_size",
  );
  return Number(aintOut[0]);
}

/** A communicator, as packing needs it (its handle). */
export type PackComm = HandleObject;

/** The implementation of `Datatype.Pack` and friends. */
export const packer = {
  Pack(
    type: Datatype,
    inbuf: BufSpec,
    outbuf: BufSpec,
    position: number,
    comm: PackComm,
  ): number {
    const m = resolveAs(inbuf, type, DATA ??= new Resolved(), "inbuf");
    const out = bytesOf(outbuf, "outbuf");
    intOut[0] = positionIn(position, packedSize(type, m), out.length, "outbuf");
    check(
      lib.MPI_Pack(
        m.buf,
        m.count,
        m.type,
        out,
        Math.min(out.length, INT_MAX),
        intOut,
        commHandle(comm),
      ),
      "MPI_Pack",
    );
    return intOut[0];
  },

  Unpack(
    type: Datatype,
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
    comm: PackComm,
  ): number {
    const packed = bytesOf(inbuf, "inbuf");
    const m = resolveAs(outbuf, type, DATA ??= new Resolved(), "outbuf");
    intOut[0] = positionIn(
      position,
      packedSize(type, m),
      packed.length,
      "inbuf",
    );
    check(
      lib.MPI_Unpack(
        packed,
        Math.min(packed.length, INT_MAX),
        intOut,
        m.buf,
        m.count,
        m.type,
        commHandle(comm),
      ),
      "MPI_Unpack",
    );
    return intOut[0];
  },

  Pack_size(type: Datatype, count: number, comm: PackComm): number {
    check(
      lib.MPI_Pack_size(
        checkCount(count, "count"),
        type.handle,
        commHandle(comm),
        intOut,
      ),
      "MPI_Pack_size",
    );
    return intOut[0];
  },

  Pack_external(
    type: Datatype,
    datarep: string,
    inbuf: BufSpec,
    outbuf: BufSpec,
    position: number,
  ): number {
    const rep = datarepOf(datarep);
    const m = resolveAs(inbuf, type, DATA ??= new Resolved(), "inbuf");
    const out = bytesOf(outbuf, "outbuf");
    aintOut[0] = BigInt(
      positionIn(position, packedSize(type, m, rep), out.length, "outbuf"),
    );
    check(
      lib.MPI_Pack_external(
        rep,
        m.buf,
        m.count,
        m.type,
        out,
        out.length,
        aintOut,
      ),
      "MPI_Pack_external",
    );
    return Number(aintOut[0]);
  },

  Unpack_external(
    type: Datatype,
    datarep: string,
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
  ): number {
    const rep = datarepOf(datarep);
    const packed = bytesOf(inbuf, "inbuf");
    const m = resolveAs(outbuf, type, DATA ??= new Resolved(), "outbuf");
    aintOut[0] = BigInt(
      positionIn(position, packedSize(type, m, rep), packed.length, "inbuf"),
    );
    check(
      lib.MPI_Unpack_external(
        rep,
        packed,
        packed.length,
        aintOut,
        m.buf,
        m.count,
        m.type,
      ),
      "MPI_Unpack_external",
    );
    return Number(aintOut[0]);
  },

  Pack_external_size(type: Datatype, datarep: string, count: number): number {
    return externalSize(type, datarepOf(datarep), checkCount(count, "count"));
  },
};
