"""The mpi4py reference for bench/run.ts: the same loops as bench/measured.ts.

Usage: bench.py pingpong|allreduce|bcast <min> <max> <iterations> <warmup> [--object]
Prints one JSON line per size on rank 0 (sizes in bytes)."""
import array
import json
import sys

from mpi4py import MPI

try:
    import numpy as np
except ImportError:  # array.array and bytearray are buffers too
    np = None


def scaled(iters, n):
    if n >= 1 << 20:
        return max(10, iters // 100)
    if n >= 1 << 14:
        return max(10, iters // 10)
    return iters


CHUNKS = 5
SETTLE_SECONDS = 1.0


def settle(comm, step):
    """Runs the first step untimed for SETTLE_SECONDS, as bench/measured.ts does."""
    t0 = MPI.Wtime()
    more = True
    while more:
        for _ in range(1000):
            step()
        more = comm.bcast(MPI.Wtime() - t0 < SETTLE_SECONDS, 0)


def main():
    bench, lo, hi, iters, warmup = sys.argv[1], *map(int, sys.argv[2:6])
    obj = "--object" in sys.argv
    comm = MPI.COMM_WORLD
    rank = comm.rank
    n = lo
    while n <= hi:
        it = scaled(iters, n)
        if bench == "pingpong":
            buf = bytearray(n) if np is None else np.zeros(n, dtype="B")
        else:
            buf = array.array("d", [1.0]) * (n // 8)
            out = array.array("d", [0.0]) * (n // 8)
        state = {"msg": bytes(n)}

        def step():
            if bench == "pingpong":
                if obj:
                    if rank == 0:
                        comm.send(state["msg"], 1, 0)
                        state["msg"] = comm.recv(source=1, tag=0)
                    elif rank == 1:
                        state["msg"] = comm.recv(source=0, tag=0)
                        comm.send(state["msg"], 0, 0)
                elif rank == 0:
                    comm.Send(buf, 1, 0)
                    comm.Recv(buf, 1, 0)
                elif rank == 1:
                    comm.Recv(buf, 0, 0)
                    comm.Send(buf, 0, 0)
            elif bench == "allreduce":
                if obj:
                    comm.allreduce(1.5, MPI.SUM)
                else:
                    comm.Allreduce(buf, out, MPI.SUM)
            else:
                if obj:
                    comm.bcast(buf if rank == 0 else None, 0)
                else:
                    comm.Bcast(buf, 0)

        if n == lo:
            settle(comm, step)
        for _ in range(warmup):
            step()
        # The best of CHUNKS timed runs (the machine's noise only adds time),
        # and the mean of all of them: the sustained cost.
        per = -(-it // CHUNKS)
        best, total = float("inf"), 0.0
        for _ in range(CHUNKS):
            comm.Barrier()
            t0 = MPI.Wtime()
            for _ in range(per):
                step()
            t = MPI.Wtime() - t0
            total += t
            best = min(best, t / per)
        half = 2 if bench == "pingpong" else 1
        if rank == 0:
            impl = "mpi4py" + (" object" if obj else "")
            row = {"impl": impl, "bench": bench, "size": n, "usec": best / half * 1e6,
                   "mean": total / (per * CHUNKS) / half * 1e6}
            print(json.dumps(row), flush=True)
        if obj and bench == "allreduce":
            break
        n = n * 4 if n else 1


main()
