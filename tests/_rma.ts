/**
 * Windows of every flavor for the RMA tests, over the same number of bytes
 * on every rank of `COMM_WORLD`, with the target displacement of a byte
 * offset on each rank (an address on dynamic windows).
 *
 * @module
 */
import { mpi, size, world } from "./_util.ts";

/** The four ways to make a window. */
export const FLAVORS = ["create", "allocate", "shared", "dynamic"] as const;

/** A window flavor. */
export type Flavor = typeof FLAVORS[number];

/**
 * Open MPI 4.1 has no one-sided component for windows over user memory
 * (`Create`, `Create_dynamic`) on a one-process communicator: it reports
 * `ERR_WIN` (so does mpi4py with it).
 */
export const userMemoryUnsupported: boolean =
  mpi.Get_library_version().startsWith("Open MPI") && size === 1;

/** Whether `flavor` cannot run in this job (see `userMemoryUnsupported`). */
export function unsupported(flavor: Flavor): string | false {
  return userMemoryUnsupported &&
    (flavor === "create" || flavor === "dynamic") &&
    "Open MPI 4.1 cannot make windows over user memory on one process (ERR_WIN)";
}

/** A window and this rank's memory in it. */
export interface TestWin {
  /** The window (unit 1). */
  readonly win: mpi.Win;
  /** This rank's window memory. */
  readonly mem: Uint8Array;
  /** The target displacement of byte `offset` of `rank`'s memory. */
  disp(rank: number, offset: number): number | bigint;
  /** Frees the window (collective). */
  [Symbol.dispose](): void;
}

/** A window of `bytes` bytes per rank over `COMM_WORLD`. */
export function makeWin(flavor: Flavor, bytes: number): TestWin {
  let win: mpi.Win, mem: Uint8Array;
  let addrs: bigint[] | undefined;
  switch (flavor) {
    case "create":
      mem = new Uint8Array(bytes);
      win = mpi.Win.Create(mem, 1, mpi.INFO_NULL, world);
      break;
    case "allocate":
      win = mpi.Win.Allocate(bytes, 1, mpi.INFO_NULL, world);
      mem = win.tomemory();
      break;
    case "shared":
      win = mpi.Win.Allocate_shared(bytes, 1, mpi.INFO_NULL, world);
      mem = win.tomemory();
      break;
    case "dynamic":
      mem = new Uint8Array(bytes);
      win = mpi.Win.Create_dynamic(mpi.INFO_NULL, world);
      win.Attach(mem);
      addrs = world.allgather(mpi.Get_address(mem)) as bigint[];
      break;
  }
  return {
    win,
    mem,
    disp: (rank, offset) =>
      addrs === undefined ? offset : addrs[rank] + BigInt(offset),
    [Symbol.dispose]: () => {
      if (flavor === "dynamic") win.Detach(mem);
      win.Free();
    },
  };
}
