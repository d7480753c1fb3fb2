"""MPI-IO benchmark with mpi4py, the same calls as bench/io.ts.

    mpiexec -n 2 python3 bench/py/io.py [dir] [repetitions]
"""

import json
import os
import sys

from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
directory = sys.argv[1] if len(sys.argv) > 1 else "/dev/shm"
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
BLOCK, SMALL, LAT_ITERS = 64 << 20, 4096, 5000

path = comm.bcast(f"{directory}/mpi4ts-bench-io-py-{os.getpid()}", 0)
amode = MPI.MODE_RDWR | MPI.MODE_CREATE | MPI.MODE_DELETE_ON_CLOSE
fh = MPI.File.Open(comm, path, amode)
data = bytearray([rank + 1]) * BLOCK
small = bytearray([7]) * SMALL
off = rank * BLOCK
mib = size * BLOCK / 2**20


def timed(body):
    out = []
    for _ in range(reps):
        comm.Barrier()
        t0 = MPI.Wtime()
        body()
        out.append(comm.allreduce(MPI.Wtime() - t0, MPI.MAX))
    return out


def report(bench, values, unit):
    best = min(values) if unit == "us" else max(values)
    if rank == 0:
        print(json.dumps(dict(bench=bench, best=best, mean=sum(values) / len(values), unit=unit)))


fh.Write_at_all(off, data)
report("write_at_all", [mib / t for t in timed(lambda: fh.Write_at_all(off, data))], "MiB/s")
report("read_at_all", [mib / t for t in timed(lambda: fh.Read_at_all(off, data))], "MiB/s")
report("iwrite_at", [mib / t for t in timed(lambda: fh.Iwrite_at(off, data).Wait())], "MiB/s")


def latency():
    at = rank * SMALL
    for _ in range(LAT_ITERS):
        fh.Write_at(at, small)


end = MPI.Wtime() + 1  # a second of warm-up, as in bench/io.ts
while MPI.Wtime() < end:
    latency()
report("write_at_4k", [t / LAT_ITERS * 1e6 for t in timed(latency)], "us")
fh.Close()
