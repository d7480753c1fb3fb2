/**
 * Persistent collectives (MPI-4): the `_init` form of every collective
 * builds a `Prequest` once; `Start()` runs the operation as often as
 * needed, on the buffers given here. They use `MPI_*_init` where the
 * library has it (MPICH 4) and Open MPI 4.1's `MPIX_*_init`, and throw a
 * clear `MPIError` on a library that has neither.
 *
 * @module
 */
import type { BufSpec, IN_PLACE } from "../core/buffer.ts";
import { type Op, OPS } from "../core/op.ts";
import { Prequest } from "../core/request.ts";
import { reduction, type SendSpec } from "./buffers.ts";
import { type CollectiveCall, invoke } from "./forms.ts";
import { NonblockingCollectiveComm } from "./nonblocking.ts";
import type { VecSpec, WSpec } from "./vector.ts";

/**
 * Persistent collectives of communicators.
 */
export class PersistentCollectiveComm extends NonblockingCollectiveComm {
  #init(call: CollectiveCall): Prequest {
    const req = new Prequest();
    invoke(call, this.handle, req);
    return req;
  }

  /** A persistent barrier (`MPI_Barrier_init`). */
  Barrier_init(): Prequest {
    return this.#init({ name: "MPI_Barrier", args: [], keep: [] });
  }

  /** A persistent broadcast of `buf` from `root` (`MPI_Bcast_init`). */
  Bcast_init(buf: BufSpec, root = 0): Prequest {
    return this.#init(this.bcastCall(buf, root));
  }

  /** A persistent reduction to `root` (`MPI_Reduce_init`). */
  Reduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): Prequest {
    const rt = this.root(root);
    return this.#init(
      reduction("MPI_Reduce", sendbuf, recvbuf, op, rt, this.isRoot(rt)),
    );
  }

  /** A persistent allreduce (`MPI_Allreduce_init`); `sendbuf` may be `IN_PLACE`. */
  Allreduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): Prequest {
    return this.#init(
      reduction("MPI_Allreduce", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** A persistent inclusive prefix reduction (`MPI_Scan_init`). */
  Scan_init(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Prequest {
    return this.#init(
      reduction("MPI_Scan", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** A persistent exclusive prefix reduction (`MPI_Exscan_init`). */
  Exscan_init(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Prequest {
    return this.#init(
      reduction("MPI_Exscan", sendbuf, recvbuf, op, undefined, true),
    );
  }

  /** A persistent reduce-scatter with equal blocks (`MPI_Reduce_scatter_block_init`). */
  Reduce_scatter_block_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): Prequest {
    return this.#init(this.reduceScatterBlockCall(sendbuf, recvbuf, op));
  }

  /** A persistent reduce-scatter (`MPI_Reduce_scatter_init`). */
  Reduce_scatter_init(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: readonly number[] | null,
    op: Op = OPS.SUM,
  ): Prequest {
    return this.#init(this.reduceScatterCall(sendbuf, recvbuf, recvcounts, op));
  }

  /** A persistent gather to `root` (`MPI_Gather_init`). */
  Gather_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): Prequest {
    return this.#init(
      this.blockCall("gather", sendbuf, recvbuf, this.root(root)),
    );
  }

  /** A persistent scatter from `root` (`MPI_Scatter_init`). */
  Scatter_init(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Prequest {
    return this.#init(
      this.blockCall("scatter", sendbuf, recvbuf, this.root(root)),
    );
  }

  /** A persistent allgather (`MPI_Allgather_init`). */
  Allgather_init(sendbuf: SendSpec, recvbuf: BufSpec): Prequest {
    return this.#init(this.blockCall("allgather", sendbuf, recvbuf, undefined));
  }

  /** A persistent all-to-all exchange (`MPI_Alltoall_init`). */
  Alltoall_init(sendbuf: SendSpec, recvbuf: BufSpec): Prequest {
    return this.#init(this.blockCall("alltoall", sendbuf, recvbuf, undefined));
  }

  /** A persistent vector gather to `root` (`MPI_Gatherv_init`). */
  Gatherv_init(
    sendbuf: SendSpec,
    recvbuf: VecSpec | null | undefined,
    root = 0,
  ): Prequest {
    return this.#init(this.gathervCall(sendbuf, recvbuf, root));
  }

  /** A persistent vector scatter from `root` (`MPI_Scatterv_init`). */
  Scatterv_init(
    sendbuf: VecSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Prequest {
    return this.#init(this.scattervCall(sendbuf, recvbuf, root));
  }

  /** A persistent vector allgather (`MPI_Allgatherv_init`). */
  Allgatherv_init(sendbuf: SendSpec, recvbuf: VecSpec): Prequest {
    return this.#init(this.allgathervCall(sendbuf, recvbuf));
  }

  /** A persistent vector all-to-all exchange (`MPI_Alltoallv_init`). */
  Alltoallv_init(
    sendbuf: VecSpec | typeof IN_PLACE,
    recvbuf: VecSpec,
  ): Prequest {
    return this.#init(this.alltoallvCall(sendbuf, recvbuf));
  }

  /** A persistent all-to-all exchange with a datatype per rank (`MPI_Alltoallw_init`). */
  Alltoallw_init(sendbuf: WSpec | typeof IN_PLACE, recvbuf: WSpec): Prequest {
    return this.#init(this.alltoallwCall(sendbuf, recvbuf));
  }
}
