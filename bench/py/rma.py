"""One-sided communication benchmarks on 2 ranks with mpi4py, timed like
bench/rma.ts and bench/c/rma.c: the same loops and counts, at least `warm`
untimed calls and 1 s (0.2 s quick) of warm-up, then the mean over one run
of 5 back-to-back batches and the best batch. Prints JSON rows
{"impl","bench","size","usec","best"}. `single` initializes MPI with
MPI_THREAD_SINGLE, otherwise mpi4py's default (MPI_THREAD_MULTIPLE).

    mpiexec -n 2 python3 bench/py/rma.py [quick] [single]
"""
import array
import json
import sys

import mpi4py

if "single" in sys.argv[1:]:
    mpi4py.rc.thread_level = "single"

from mpi4py import MPI  # noqa: E402

comm = MPI.COMM_WORLD
rank = comm.Get_rank()
QUICK = "quick" in sys.argv[1:]
SCALE = 0.1 if QUICK else 1
WARM_SECONDS = 0.2 if QUICK else 1
BATCHES = 5


def n(x):
    return max(10, int(x * SCALE))


def timeit(bench, size, iters, warm, op):
    comm.Barrier()
    if rank == 0:
        for _ in range(warm):
            op()
        t0 = MPI.Wtime()
        while MPI.Wtime() - t0 < WARM_SECONDS:
            for _ in range(10):
                op()
        per = max(1, iters // BATCHES)
        total, best = 0.0, float("inf")
        for _ in range(BATCHES):
            t0 = MPI.Wtime()
            for _ in range(per):
                op()
            dt = MPI.Wtime() - t0
            total += dt
            best = min(best, dt / per)
        row = {"impl": "mpi4py", "bench": bench, "size": size,
               "usec": total / (per * BATCHES) * 1e6, "best": best * 1e6}
        print(json.dumps(row), flush=True)
    comm.Barrier()


def main():
    mib = 1 << 20
    win = MPI.Win.Allocate(mib, 8, MPI.INFO_NULL, comm)
    win.Lock_all()
    small = array.array("d", [0.0])

    def put():
        win.Put(small, 1)
        win.Flush(1)

    timeit("rma_put", 8, n(100000), n(60000), put)
    big = array.array("d", [0.0]) * (mib // 8)

    def get():
        win.Get(big, 1)
        win.Flush(1)

    timeit("rma_get", mib, n(500), n(50), get)
    big = array.array("d", [1.0]) * (mib // 8)

    def acc():
        win.Accumulate(big, 1, 0, MPI.SUM)
        win.Flush(1)

    timeit("rma_acc", mib, n(200), n(20), acc)
    one, prev = array.array("q", [1]), array.array("q", [0])

    def fop():
        win.Fetch_and_op(one, prev, 1, 0, MPI.SUM)
        win.Flush(1)

    timeit("rma_fop", 8, n(100000), n(60000), fop)
    win.Unlock_all()
    win.Free()

    nbytes = 8 * mib
    shm = MPI.Win.Allocate_shared(nbytes, 8, MPI.INFO_NULL, comm)
    mine = memoryview(shm.tomemory()).cast("B").cast("d")
    for i in range(len(mine)):
        mine[i] = rank + 1
    shm.Lock_all()
    shm.Sync()
    comm.Barrier()
    shm.Sync()
    seg, _ = shm.Shared_query(1)
    peer = memoryview(seg).cast("B").cast("d")
    local = array.array("d", [2.0]) * (nbytes // 8)
    timeit("shm_sum_peer", nbytes, n(100), n(20), lambda: sum(peer))
    timeit("shm_sum_local", nbytes, n(100), n(20), lambda: sum(local))
    shm.Unlock_all()
    shm.Free()


main()
