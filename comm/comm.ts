/**
 * The public communicator classes, the factory that picks the right class
 * for every communicator MPI hands back, and `Datatype` packing (which
 * takes communicators, so it is installed here).
 *
 * @module
 */
import { H, type Handle, lib } from "../ffi/lib.ts";
import { check } from "../core/errors.ts";
import { CollectiveComm } from "../collectives/values.ts";
import { setCommFactory } from "./core.ts";
import { setPacker } from "../core/datatype.ts";
import { packer } from "./pack.ts";

const intOut = new Int32Array(1);

/**
 * A communicator: a group of processes and a private context for their
 * messages. Lowercase methods move values, Capitalized methods move buffers.
 *
 * @example
 * ```ts ignore
 * import * as mpi from "./mod.ts";
 * const comm = mpi.COMM_WORLD;
 * if (comm.rank === 0) comm.send({ hello: "world" }, 1);
 * if (comm.rank === 1) console.log(comm.recv(0));
 * ```
 */
export class Comm extends CollectiveComm {}

/**
 * An intracommunicator: one group of processes talking among themselves.
 *
 * @example
 * ```ts ignore
 * const sub = mpi.COMM_WORLD.Split(mpi.COMM_WORLD.rank % 2);
 * console.log(sub.rank, sub.size);
 * sub.Free();
 * ```
 */
export class Intracomm extends Comm {
  /** Splits by `color`, ordered by `key`; `UNDEFINED` color gives `COMM_NULL`. */
  override Split(color = 0, key = 0): Intracomm {
    return super.Split(color, key) as Intracomm;
  }
}

/**
 * An intercommunicator: two groups; ranks in point-to-point calls name
 * processes of the remote group.
 *
 * @example
 * ```ts ignore
 * const inter = local.Create_intercomm(0, mpi.COMM_WORLD, remoteLeader, 7);
 * console.log(inter.remote_size);
 * ```
 */
export class Intercomm extends Comm {
  /** Number of processes in the remote group (`MPI_Comm_remote_size`). */
  get remote_size(): number {
    check(
      lib.MPI_Comm_remote_size(this.handle, intOut),
      "MPI_Comm_remote_size",
    );
    return intOut[0];
  }

  /** Ranks in point-to-point calls name the remote group. */
  protected override get peerCount(): number {
    return this.remote_size;
  }
}

/** The null communicator. */
export const COMM_NULL: Comm = new Comm(null, true);

/** All the processes of the job. */
export const COMM_WORLD: Intracomm = new Intracomm(H.COMM_WORLD, true);

/** Just this process. */
export const COMM_SELF: Intracomm = new Intracomm(H.COMM_SELF, true);

/** Picks the class of a new communicator from what MPI says it is. */
function classify(handle: Handle | null): Comm {
  if (handle === null) return COMM_NULL;
  check(lib.MPI_Comm_test_inter(handle, intOut), "MPI_Comm_test_inter");
  if (intOut[0] !== 0) return new Intercomm(handle);
  return new Intracomm(handle);
}

setCommFactory(classify);
setPacker(packer);
