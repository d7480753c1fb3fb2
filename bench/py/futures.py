"""The mpi4py mirror of bench/futures.ts: the same rows, the same timing.

Usage:
  python3 futures.py                                   # spawned pools
  mpiexec -n 2 python3 -m mpi4py.futures futures.py one
  mpiexec -n 3 python3 -m mpi4py.futures futures.py two
Prints one JSON line per row."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mpi4py.futures import MPIPoolExecutor, wait  # noqa: E402
from futures_tasks import square  # noqa: E402

N = int(os.environ.get("MPI4TS_BENCH_TASKS", "20000"))
ROUNDS = 20
WHICH = sys.argv[1] if len(sys.argv) > 1 else "all"
PATH = [os.path.dirname(os.path.abspath(__file__))]


def show(row, unit, mean, best):
    print(json.dumps({"impl": "mpi4py", "row": row, "unit": unit,
                      "mean": mean, "best": best}), flush=True)


def throughput(pool, n):
    t0 = time.perf_counter()
    best = 0
    for _ in range(0, n, 1000):
        b0 = time.perf_counter()
        wait([pool.submit(square, i) for i in range(1000)])
        best = max(best, 1000 / (time.perf_counter() - b0))
    show(f"{n} tasks, 1 worker", "tasks/s", n / (time.perf_counter() - t0), best)


def mapped(pool, n):
    best = 0
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        r0 = time.perf_counter()
        count = sum(1 for _ in pool.map(square, range(n), chunksize=100))
        assert count == n
        best = max(best, n / (time.perf_counter() - r0))
    show(f"map {n}, chunksize 100, 2 workers", "tasks/s",
         ROUNDS * n / (time.perf_counter() - t0), best)


def round_trip(pool, n):
    best = float("inf")
    t0 = time.perf_counter()
    for _ in range(0, n, 100):
        b0 = time.perf_counter()
        for i in range(100):
            pool.submit(square, i).result()
        best = min(best, (time.perf_counter() - b0) * 1e4)
    show("round trip of one submit", "us", (time.perf_counter() - t0) * 1e6 / n, best)


def warm(pool):
    end = time.perf_counter() + 1
    while time.perf_counter() < end:
        wait([pool.submit(square, i) for i in range(200)])
        pool.submit(square, 1).result()


if __name__ == "__main__":
    if WHICH in ("all", "one"):
        with MPIPoolExecutor(max_workers=1, path=PATH) as one:
            warm(one)
            throughput(one, N)
            round_trip(one, min(N, 5000))
    if WHICH in ("all", "two"):
        with MPIPoolExecutor(max_workers=2, path=PATH) as two:
            warm(two)
            mapped(two, N)
