/**
 * Collective communication on a communicator.
 *
 * @module
 */
import { lib } from "../ffi/lib.ts";
import {
  type BufSpec,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { check, int } from "../core/errors.ts";
import { P2PComm } from "../comm/p2p.ts";

const BUF = new BufMessage();

/**
 * Collective layer of communicators.
 */
export class CollectiveComm extends P2PComm {
  /** Blocks until every process of the communicator has called it (`MPI_Barrier`). */
  Barrier(): void {
    check(lib.MPI_Barrier(this.handle), "MPI_Barrier");
  }

  /** Same as `Barrier()`. */
  barrier(): void {
    this.Barrier();
  }

  /** Broadcasts `buf` from `root` to all (`MPI_Bcast`). */
  Bcast(buf: BufSpec, root = 0): void {
    const m = resolve(buf, BUF, "buf");
    check(
      lib.MPI_Bcast(m.buf, m.count, m.type, int(root, "root"), this.handle),
      "MPI_Bcast",
    );
  }
}
