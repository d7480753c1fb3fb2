"""The mpi4py mirror of bench/values.ts: the same rows, the same timing.

Usage: values.py [warmup_ms] [run_ms] [--all]
Prints one JSON line per row on rank 0. MPI4TS_VALUES_ONLY=<regex> keeps the
rows whose "<op> <payload>" matches.

Python equivalents: records are dicts, lists are lists, strings are str,
Uint8Array is bytes, Float64Array is array.array('d'), Map is dict, Set is
set; allreduce of arrays sums numpy arrays element-wise (as mpi4ts sums
TypedArrays)."""
import array
import json
import os
import re
import sys

from mpi4py import MPI

try:
    import numpy as np
except ImportError:
    np = None


def records(n):
    return [
        {"id": i, "name": f"item{i}", "score": i + 0.5, "tags": ["a", "b"], "ok": i % 2 == 0}
        for i in range(n)
    ]


PAYLOADS = {
    "small record": lambda: {"a": 1, "b": [1, 2, 3], "c": "hello"},
    "100 records": lambda: records(100),
    "ASCII 1 KiB": lambda: "a" * 1024,
    "ASCII 16 KiB": lambda: "a" * 16384,
    "non-ASCII 16 KiB": lambda: "é" * 8192,
    "1,000 numbers": lambda: [i + 0.5 for i in range(1000)],
    "2 × 8,000 B": lambda: [bytes(8000), bytes(8000)],
    "2 × 20,000 B": lambda: [bytes(20000), bytes(20000)],
    "{x,y} 2 × Float64Array(1000)": lambda: {
        "x": array.array("d", bytes(8000)),
        "y": array.array("d", bytes(8000)),
    },
    "Map of 100": lambda: {i: f"v{i}" for i in range(100)},
    "Set of 100": lambda: set(range(100)),
    "Uint8Array 16 B": lambda: bytes(16),
    "Uint8Array 1 KiB": lambda: bytes(1024),
    "Uint8Array 16 KiB": lambda: bytes(16384),
    "Uint8Array 256 KiB": lambda: bytes(256 << 10),
    "Uint8Array 1 MiB": lambda: bytes(1 << 20),
}

COLLECTIVE_PAYLOADS = [
    "small record",
    "100 records",
    "ASCII 1 KiB",
    "1,000 numbers",
    "{x,y} 2 × Float64Array(1000)",
    "Map of 100",
    "Uint8Array 16 KiB",
]

REDUCE_PAYLOADS = {
    "number": lambda: 1.5,
    "Float64Array(10)": lambda: np.ones(10),
    "Float64Array(1000)": lambda: np.ones(1000),
}


def step_of(comm, op, make):
    p = make()
    rank = comm.rank
    many = [p] * comm.size
    if op == "pingpong":
        if rank == 0:
            def step():
                comm.send(p, 1, 0)
                comm.recv(source=1, tag=0)
        else:
            def step():
                comm.send(comm.recv(source=0, tag=0), 0, 0)
        return step
    if op == "bcast":
        return lambda: comm.bcast(p if rank == 0 else None, 0)
    if op == "gather":
        return lambda: comm.gather(p, 0)
    if op == "scatter":
        return lambda: comm.scatter(many if rank == 0 else None, 0)
    if op == "allgather":
        return lambda: comm.allgather(p)
    if op == "alltoall":
        return lambda: comm.alltoall(many)
    if op == "allreduce":
        return lambda: comm.allreduce(p, MPI.SUM)
    raise ValueError(op)


WINDOW = 200  # ms
GAIN = 1.03
PATIENCE = 5
WARM_CAP = 5000  # ms
FIRST_WARM = 2000  # ms


def warm(comm, step, ms):
    """Same rule as bench/values.ts: at least ms, and until PATIENCE windows
    in a row were no more than 3% faster than the best before them (at most
    WARM_CAP)."""
    t0 = MPI.Wtime()
    batch, last, start, count, best, stale = 10, 0.0, 0.0, 0, 0.0, 0
    while True:
        for _ in range(batch):
            step()
        count += batch
        now = comm.bcast((MPI.Wtime() - t0) * 1000, 0)
        span = now - start
        if now - last < 10:
            batch = min(batch * 2, 1000)
        last = now
        if span < WINDOW and now < WARM_CAP:
            continue
        rate = count / span
        stale = 0 if rate > best * GAIN else stale + 1
        best = max(best, rate)
        if now >= WARM_CAP or (now >= ms and stale >= PATIENCE):
            return rate
        start, count = now, 0


CHUNKS = 10

CONTROL_MS = 100
CONTROL_OUT, CONTROL_IN = bytearray(256), bytearray(512)


def control(comm, ms=CONTROL_MS):
    """Same as bench/values.ts: microseconds per Allgather of 256 bytes,
    the best of five parts of ms."""
    send, recv = [CONTROL_OUT, MPI.BYTE], [CONTROL_IN, MPI.BYTE]
    best = float("inf")
    for _ in range(5):
        batch, calls = 1, 0
        comm.Barrier()
        t0 = MPI.Wtime()
        while True:
            for _ in range(batch):
                comm.Allgather(send, recv)
            calls += batch
            elapsed = comm.bcast((MPI.Wtime() - t0) * 1000, 0)
            if elapsed >= ms / 5:
                break
            if batch < 1000:
                batch *= 2
        best = min(best, elapsed * 1000 / calls)
    return best


def timed(comm, step, per_ms, ms):
    total_steps = comm.bcast(max(CHUNKS, -(-int(per_ms * ms) // CHUNKS) * CHUNKS), 0)
    per = total_steps // CHUNKS
    best = float("inf")
    total = 0.0
    comm.Barrier()
    for _ in range(CHUNKS):
        t0 = MPI.Wtime()
        for _ in range(per):
            step()
        dt = MPI.Wtime() - t0
        total += dt
        best = min(best, dt / per)
    return total / (per * CHUNKS), best


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    warm_ms = float(args[0]) if args else 300
    run_ms = float(args[1]) if len(args) > 1 else 1000
    everything = "--all" in sys.argv
    comm = MPI.COMM_WORLD
    rows = [("pingpong", name) for name in PAYLOADS]
    coll = list(PAYLOADS) if everything else COLLECTIVE_PAYLOADS
    for op in ["bcast", "gather", "scatter", "allgather", "alltoall"]:
        rows += [(op, name) for name in coll]
    if np is not None:
        rows += [("allreduce", name) for name in REDUCE_PAYLOADS]
    only = os.environ.get("MPI4TS_VALUES_ONLY")
    if only:
        rows = [(op, name) for op, name in rows if re.search(only, f"{op} {name}")]
    control(comm, 500)  # half a second first, as bench/values.ts does
    first = True
    for rnd in (1, 2):
        for op, name in rows:
            make = REDUCE_PAYLOADS[name] if op == "allreduce" else PAYLOADS[name]
            step = step_of(comm, op, make)
            w0 = MPI.Wtime()
            per_ms = warm(comm, step, max(FIRST_WARM, warm_ms) if first else warm_ms)
            warmed = (MPI.Wtime() - w0) * 1000
            first = False
            mean, best = timed(comm, step, per_ms, run_ms)
            us_control = control(comm)
            half = 2 if op == "pingpong" else 1
            if comm.rank == 0:
                print(json.dumps({
                    "impl": "mpi4py", "bench": "values", "op": op, "payload": name,
                    "round": rnd, "usec": mean * 1e6 / half, "best": best * 1e6 / half, "warm": warmed,
                    "control": us_control,
                }, ensure_ascii=False), flush=True)


main()
