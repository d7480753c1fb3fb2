/**
 * Persistent collectives (MPI-4): `Barrier_init`, `Bcast_init`,
 * `Reduce_init`, `Allreduce_init` build a `Prequest` once; `Start()` runs
 * the operation as often as needed. They use `MPI_*_init` where the library
 * has it (MPICH 4) and Open MPI 4.1's `MPIX_*_init`, and throw a clear
 * `MPIError` on a library that has neither.
 *
 * @module
 */
import { C, H, has, IN_PLACE_PTR, lib } from "../ffi/lib.ts";
import {
  type BufSpec,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { check, mpiError } from "../core/errors.ts";
import { type Op, OPS } from "../core/op.ts";
import { Prequest } from "../core/request.ts";
import { operands, type SendSpec } from "./buffers.ts";
import { NonblockingCollectiveComm } from "./nonblocking.ts";

const BUF = new BufMessage();

type Start = (...args: unknown[]) => number;

/** The bound persistent function, or an error naming what the library lacks. */
function bound(name: string, inPlace = false): Start {
  if (!has(name)) {
    throw mpiError(
      C.ERR_UNSUPPORTED_OPERATION,
      name,
      `the loaded MPI library has neither ${name} nor ${
        name.replace("MPI_", "MPIX_")
      } (persistent collectives need MPI-4)`,
    );
  }
  return lib[inPlace ? `${name}@0` : name] as unknown as Start;
}

/**
 * Persistent collectives of communicators.
 */
export class PersistentCollectiveComm extends NonblockingCollectiveComm {
  /** A persistent barrier (`MPI_Barrier_init`). */
  Barrier_init(): Prequest {
    const req = new Prequest();
    check(
      bound("MPI_Barrier_init")(this.handle, H.INFO_NULL, req.cell),
      "MPI_Barrier_init",
    );
    return req;
  }

  /** A persistent broadcast of `buf` from `root` (`MPI_Bcast_init`). */
  Bcast_init(buf: BufSpec, root = 0): Prequest {
    const fn = bound("MPI_Bcast_init");
    const m = resolve(buf, BUF, "buf");
    const req = new Prequest(m.owner);
    check(
      fn(
        m.buf,
        m.count,
        m.type,
        this.root(root),
        this.handle,
        H.INFO_NULL,
        req.cell,
      ),
      "MPI_Bcast_init",
    );
    return req;
  }

  /** A persistent reduction to `root` (`MPI_Reduce_init`). */
  Reduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): Prequest {
    const rt = this.root(root);
    return this.#reduce(
      "MPI_Reduce_init",
      sendbuf,
      recvbuf,
      op,
      rt,
      rt === this.rank,
    );
  }

  /** A persistent allreduce (`MPI_Allreduce_init`); `sendbuf` may be `IN_PLACE`. */
  Allreduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): Prequest {
    return this.#reduce(
      "MPI_Allreduce_init",
      sendbuf,
      recvbuf,
      op,
      undefined,
      true,
    );
  }

  #reduce(
    name: string,
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op,
    root: number | undefined,
    receives: boolean,
  ): Prequest {
    const a = operands(sendbuf, recvbuf, op, receives);
    const fn = bound(name, a.inPlace);
    const req = new Prequest([...a.owners, op]);
    const args: unknown[] = [
      a.inPlace ? IN_PLACE_PTR : a.send,
      a.recv,
      a.count,
      a.type,
      a.op,
    ];
    if (root !== undefined) args.push(root);
    args.push(this.handle, H.INFO_NULL, req.cell);
    check(fn(...args), name);
    return req;
  }
}
