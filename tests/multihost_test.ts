// mpi4ts-test: multihost
// Runs under ./scripts/multihost.sh (one rank per simulated host, each a
// network namespace, TCP between them), started by scripts/test.sh with
// MPI4TS_TEST_HOSTS (hosts expected) and MPI4TS_TEST_OUTER_NETNS (the
// launching shell's namespace). A plain mpiexec run skips it.
import { readlinkSync } from "node:fs";
import { networkInterfaces } from "node:os";
import process from "node:process";
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";

const hosts = Number(process.env.MPI4TS_TEST_HOSTS ?? NaN);
const outer = process.env.MPI4TS_TEST_OUTER_NETNS;
const ignore = (!(hosts > 1) || !outer) &&
  "runs only under scripts/multihost.sh (scripts/test.sh starts it)";

/** This rank's IPv4 address on the simulated network's link. */
function linkAddress(): string | undefined {
  return networkInterfaces().eth0?.find((a) => a.family === "IPv4")?.address;
}

test({
  name: "each rank sits on its own host (network namespace and address)",
  ignore,
  fn() {
    assert.equal(size, hosts, "one rank per simulated host");
    const netns = readlinkSync("/proc/self/ns/net");
    assert.match(netns, /^net:\[\d+\]$/);
    assert.notEqual(netns, outer, "rank runs outside the launching namespace");
    const address = linkAddress();
    assert.ok(address, "eth0 has an IPv4 address");
    const seen = world.allgather({ netns, address }) as {
      netns: string;
      address: string;
    }[];
    assert.equal(new Set(seen.map((s) => s.netns)).size, size);
    assert.equal(new Set(seen.map((s) => s.address)).size, size);
    // Host i has 10.213.S.i, and ranks map one per host in order.
    assert.match(address, new RegExp(`^10\\.213\\.\\d+\\.${rank + 1}$`));
  },
});

test({
  name: "values cross hosts: ring send/recv, sendrecv, a 1 MiB value",
  ignore,
  fn() {
    const message = {
      from: rank,
      text: `host ${rank}`,
      n: BigInt(rank) ** 40n,
    };
    if (rank % 2 === 0) {
      world.send(message, next, 3);
      assert.deepEqual(world.recv(prev, 3), {
        from: prev,
        text: `host ${prev}`,
        n: BigInt(prev) ** 40n,
      });
    } else {
      const got = world.recv(prev, 3);
      world.send(message, next, 3);
      assert.deepEqual(got, {
        from: prev,
        text: `host ${prev}`,
        n: BigInt(prev) ** 40n,
      });
    }
    assert.equal(world.sendrecv(rank * 10, next, 4, prev, 4), prev * 10);
    // Larger than any eager limit: goes by rendezvous over TCP.
    const big = new Float64Array(1 << 17).map((_, i) => i + rank);
    const back = world.sendrecv({ big }, next, 5, prev, 5) as {
      big: Float64Array;
    };
    assert.equal(back.big.length, big.length);
    assert.equal(back.big[0], prev);
    assert.equal(back.big[big.length - 1], big.length - 1 + prev);
  },
});

test({
  name: "buffers cross hosts: Send/Recv, Isend/Irecv of 4 MiB",
  ignore,
  fn() {
    const out = new Int32Array(16).fill(rank + 1);
    const into = new Int32Array(16);
    world.Sendrecv(out, next, 6, into, prev, 6);
    assert.deepEqual([...into], new Array(16).fill(prev + 1));

    const n = 1 << 20; // 4 MiB of Int32
    const send = new Int32Array(n).map((_, i) => i ^ rank);
    const recv = new Int32Array(n);
    const r = world.Irecv(recv, prev, 7);
    const s = world.Isend(send, next, 7);
    mpi.Request.Waitall([r, s]);
    for (const i of [0, 1, n >> 1, n - 1]) assert.equal(recv[i], i ^ prev);
  },
});

test({
  name: "collectives cross hosts: values and buffers",
  ignore,
  fn() {
    assert.equal(world.allreduce(rank + 1, mpi.SUM), (size * (size + 1)) / 2);
    assert.deepEqual(world.bcast(rank === 0 ? ["root", 1n] : null, 0), [
      "root",
      1n,
    ]);
    assert.deepEqual(
      world.alltoall(Array.from({ length: size }, (_, i) => `${rank}>${i}`)),
      Array.from({ length: size }, (_, i) => `${i}>${rank}`),
    );
    const gathered = world.gather(rank * rank, size - 1);
    if (rank === size - 1) {
      assert.deepEqual(gathered, Array.from({ length: size }, (_, i) => i * i));
    } else assert.equal(gathered, undefined);

    const sum = new Float64Array(1 << 16);
    world.Allreduce(new Float64Array(1 << 16).fill(rank + 0.5), sum, mpi.SUM);
    assert.equal(sum[0], (size * size) / 2);
    assert.equal(sum[sum.length - 1], (size * size) / 2);
    const all = new Int32Array(size * 2);
    world.Allgather(new Int32Array([rank, 100 - rank]), all);
    assert.deepEqual(
      [...all],
      Array.from({ length: size }, (_, i) => [i, 100 - i]).flat(),
    );
    world.Barrier();
  },
});

// Last in the file: the run's exit is what this checks. MPICH 4.0 over UCX's
// TCP hung in MPI_Finalize in 11 of 12 two-host runs whose ranks reached the
// end of their program milliseconds apart; the finalize run at exit lets them
// enter MPI_Finalize together. A hang fails the run by its time limit.
test({
  name: "ranks that end 50 ms apart still finalize (the run exits)",
  ignore,
  fn() {
    world.Barrier();
    const t0 = performance.now();
    if (rank === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    assert.ok(
      rank !== 0 || performance.now() - t0 >= 49,
      "rank 0 ends 50 ms later",
    );
  },
});
