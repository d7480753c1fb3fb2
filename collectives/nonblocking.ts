/**
 * Nonblocking buffer collectives: the `I` form of each collective starts
 * the operation and returns a `Request` that keeps the buffers alive until
 * it completes (`Wait`, `Test`, `waitAsync`, `Request.Waitall`, ...).
 *
 * @module
 */
import { IN_PLACE_PTR, lib, type Memory } from "../ffi/lib.ts";
import {
  type BufSpec,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { check } from "../core/errors.ts";
import { type Op, OPS } from "../core/op.ts";
import { Request } from "../core/request.ts";
import { finish, operands, type SendSpec } from "./buffers.ts";
import { VectorCollectiveComm } from "./vector.ts";

const BUF = new BufMessage();

type ReduceStart = (...args: unknown[]) => number;

/**
 * Nonblocking collectives of communicators.
 */
export class NonblockingCollectiveComm extends VectorCollectiveComm {
  /** Starts a barrier (`MPI_Ibarrier`): completes once every rank has entered it. */
  Ibarrier(): Request {
    const req = new Request();
    check(lib.MPI_Ibarrier(this.handle, req.cell), "MPI_Ibarrier");
    return req;
  }

  /** Starts a broadcast of `buf` from `root` (`MPI_Ibcast`). */
  Ibcast(buf: BufSpec, root = 0): Request {
    const m = resolve(buf, BUF, "buf");
    const req = new Request(m.owner);
    check(
      lib.MPI_Ibcast(
        m.buf,
        m.count,
        m.type,
        this.root(root),
        this.handle,
        req.cell,
      ),
      "MPI_Ibcast",
    );
    return req;
  }

  /** Starts an allreduce (`MPI_Iallreduce`); `sendbuf` may be `IN_PLACE`. */
  Iallreduce(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#reduce("MPI_Iallreduce", sendbuf, recvbuf, op, undefined);
  }

  /** Starts a reduction to `root` (`MPI_Ireduce`). */
  Ireduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): Request {
    return this.#reduce("MPI_Ireduce", sendbuf, recvbuf, op, this.root(root));
  }

  /** Starts an inclusive prefix reduction (`MPI_Iscan`). */
  Iscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#reduce("MPI_Iscan", sendbuf, recvbuf, op, undefined);
  }

  /** Starts an exclusive prefix reduction (`MPI_Iexscan`). */
  Iexscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#reduce("MPI_Iexscan", sendbuf, recvbuf, op, undefined);
  }

  /** Starts a gather to `root` (`MPI_Igather`). */
  Igather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): Request {
    return this.#start("gather", sendbuf, recvbuf, this.root(root));
  }

  /** Starts a scatter from `root` (`MPI_Iscatter`). */
  Iscatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Request {
    return this.#start("scatter", sendbuf, recvbuf, this.root(root));
  }

  /** Starts an allgather (`MPI_Iallgather`). */
  Iallgather(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return this.#start("allgather", sendbuf, recvbuf, undefined);
  }

  /** Starts an all-to-all exchange (`MPI_Ialltoall`). */
  Ialltoall(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return this.#start("alltoall", sendbuf, recvbuf, undefined);
  }

  #start(
    kind: "gather" | "scatter" | "allgather" | "alltoall",
    sendbuf: unknown,
    recvbuf: unknown,
    root: number | undefined,
  ): Request {
    const req = new Request();
    this.blocks(kind, sendbuf, recvbuf, root, req);
    return req;
  }

  #reduce(
    name: string,
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op,
    root: number | undefined,
  ): Request {
    const a = operands(
      sendbuf,
      recvbuf,
      op,
      root === undefined || root === this.rank,
    );
    // A user op's callback must not run on a helper thread: keep the op alive too.
    const req = new Request([...a.owners, op]);
    const fn = lib[a.inPlace ? `${name}@0` : name] as unknown as ReduceStart;
    const send: Memory | typeof IN_PLACE_PTR = a.inPlace
      ? IN_PLACE_PTR
      : a.send;
    const args: unknown[] = [send, a.recv, a.count, a.type, a.op];
    if (root !== undefined) args.push(root);
    args.push(this.handle, req.cell);
    finish(op, fn(...args), name);
    return req;
  }
}
