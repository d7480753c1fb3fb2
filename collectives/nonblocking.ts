/**
 * Nonblocking buffer collectives: the `I` form of every collective starts
 * the operation and returns a `Request` that keeps the buffers (and count,
 * displacement and type arrays) alive until it completes (`Wait`, `Test`,
 * `waitAsync`, `Request.Waitall`, ...).
 *
 * @module
 */
import type { BufSpec, IN_PLACE } from "../core/buffer.ts";
import { type Op, OPS } from "../core/op.ts";
import { Request } from "../core/request.ts";
import { reduction, type SendSpec } from "./buffers.ts";
import { type CollectiveCall, invoke } from "./forms.ts";
import { type VecSpec, VectorCollectiveComm, type WSpec } from "./vector.ts";

/**
 * Nonblocking collectives of communicators.
 */
export class NonblockingCollectiveComm extends VectorCollectiveComm {
  #start(call: CollectiveCall): Request {
    const req = new Request();
    invoke(call, this.handle, req);
    return req;
  }

  /** Starts a barrier (`MPI_Ibarrier`): completes once every rank has entered it. */
  Ibarrier(): Request {
    return this.#start({ name: "MPI_Barrier", args: [], keep: [] });
  }

  /** Starts a broadcast of `buf` from `root` (`MPI_Ibcast`). */
  Ibcast(buf: BufSpec, root = 0): Request {
    return this.#start(this.bcastCall(buf, root));
  }

  /** Starts an allreduce (`MPI_Iallreduce`); `sendbuf` may be `IN_PLACE`. */
  Iallreduce(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#start(
      reduction("MPI_Allreduce", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** Starts a reduction to `root` (`MPI_Ireduce`). */
  Ireduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): Request {
    const rt = this.root(root);
    return this.#start(
      reduction("MPI_Reduce", sendbuf, recvbuf, op, rt, this.isRoot(rt)),
    );
  }

  /** Starts an inclusive prefix reduction (`MPI_Iscan`). */
  Iscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#start(
      reduction("MPI_Scan", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** Starts an exclusive prefix reduction (`MPI_Iexscan`). */
  Iexscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return this.#start(
      reduction("MPI_Exscan", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** Starts a reduce-scatter with equal blocks (`MPI_Ireduce_scatter_block`). */
  Ireduce_scatter_block(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): Request {
    return this.#start(this.reduceScatterBlockCall(sendbuf, recvbuf, op));
  }

  /** Starts a reduce-scatter (`MPI_Ireduce_scatter`). */
  Ireduce_scatter(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: readonly number[] | null,
    op: Op = OPS.SUM,
  ): Request {
    return this.#start(
      this.reduceScatterCall(sendbuf, recvbuf, recvcounts, op),
    );
  }

  /** Starts a gather to `root` (`MPI_Igather`). */
  Igather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): Request {
    return this.#start(
      this.blockCall("gather", sendbuf, recvbuf, this.root(root)),
    );
  }

  /** Starts a scatter from `root` (`MPI_Iscatter`). */
  Iscatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Request {
    return this.#start(
      this.blockCall("scatter", sendbuf, recvbuf, this.root(root)),
    );
  }

  /** Starts an allgather (`MPI_Iallgather`). */
  Iallgather(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return this.#start(
      this.blockCall("allgather", sendbuf, recvbuf, undefined),
    );
  }

  /** Starts an all-to-all exchange (`MPI_Ialltoall`). */
  Ialltoall(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return this.#start(this.blockCall("alltoall", sendbuf, recvbuf, undefined));
  }

  /** Starts a vector gather to `root` (`MPI_Igatherv`). */
  Igatherv(
    sendbuf: SendSpec,
    recvbuf: VecSpec | null | undefined,
    root = 0,
  ): Request {
    return this.#start(this.gathervCall(sendbuf, recvbuf, root));
  }

  /** Starts a vector scatter from `root` (`MPI_Iscatterv`). */
  Iscatterv(
    sendbuf: VecSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Request {
    return this.#start(this.scattervCall(sendbuf, recvbuf, root));
  }

  /** Starts a vector allgather (`MPI_Iallgatherv`). */
  Iallgatherv(sendbuf: SendSpec, recvbuf: VecSpec): Request {
    return this.#start(this.allgathervCall(sendbuf, recvbuf));
  }

  /** Starts a vector all-to-all exchange (`MPI_Ialltoallv`). */
  Ialltoallv(sendbuf: VecSpec | typeof IN_PLACE, recvbuf: VecSpec): Request {
    return this.#start(this.alltoallvCall(sendbuf, recvbuf));
  }

  /** Starts an all-to-all exchange with a datatype per rank (`MPI_Ialltoallw`). */
  Ialltoallw(sendbuf: WSpec | typeof IN_PLACE, recvbuf: WSpec): Request {
    return this.#start(this.alltoallwCall(sendbuf, recvbuf));
  }
}
