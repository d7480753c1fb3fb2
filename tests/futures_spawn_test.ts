// mpi4ts-test: np=1,2
/**
 * Task pools of spawned workers (`PoolExecutor`): each rank spawns its
 * own pool from `COMM_SELF` (workers of this runtime, with its flags),
 * runs tasks, survives a worker that exits mid-task, and shuts down. On
 * a library that cannot spawn (MPICH built with ch4:ucx) the first task
 * rejects promptly with the `MPIError` that says so.
 *
 * @module
 */
import process from "node:process";
import { PoolExecutor } from "../futures/mod.ts";
import {
  assert,
  canSpawn,
  fixture,
  mpi,
  NO_SPAWN,
  rank,
  test,
  world,
} from "./_util.ts";

const TASKS = fixture("tasks");

test({
  name: "a spawned pool runs tasks on its own worker processes",
  ignore: NO_SPAWN,
  async fn() {
    await using pool = new PoolExecutor({ maxWorkers: 2 });
    assert.equal(pool.numWorkers, 2);
    const xs = [...Array(200).keys()];
    const ys = [];
    for await (const y of pool.map(TASKS, "square", xs, { chunksize: 9 })) {
      ys.push(y);
    }
    assert.deepEqual(ys, xs.map((x) => x * x));
    const who = await Promise.all(
      [...Array(16)].map(() => pool.submit(TASKS, "whoAmI")),
    ) as [number, number][];
    const ranks = new Set(who.map(([r]) => r));
    const pids = new Set(who.map(([, pid]) => pid));
    assert.deepEqual([...ranks].sort(), [0, 1], "ranks of the workers' world");
    assert.equal(pids.size, 2);
    assert.ok(!pids.has(process.pid), "tasks ran in other processes");
    await assert.rejects(pool.submit(TASKS, "fail", 1), RangeError);
  },
});

test({
  name: "initializer and env reach every worker before its first task",
  ignore: NO_SPAWN,
  async fn() {
    await using pool = new PoolExecutor({
      maxWorkers: 2,
      initializer: [TASKS, "init", "a", rank],
      env: { MPI4TS_POOL_TEST: `rank ${rank}` },
    });
    const states = await Promise.all(
      [...Array(6)].map(() =>
        pool.submit(TASKS, "initState", "MPI4TS_POOL_TEST")
      ),
    );
    for (const s of states) assert.deepEqual(s, [["a", rank], `rank ${rank}`]);
  },
});

test({
  name:
    "a worker that exits mid-task rejects its task with MPIError; the pool goes on",
  ignore: NO_SPAWN,
  async fn() {
    // Exit status 0: Open MPI's mpiexec fails the whole job when any
    // process, spawned ones too, exits with another.
    const pool = new PoolExecutor({ maxWorkers: 2 });
    assert.equal(await pool.submit(TASKS, "square", 2), 4);
    await assert.rejects(pool.submit(TASKS, "exitWorker", 0), (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError, String(e));
      assert.match(e.message, /exited while running/);
      return true;
    });
    assert.equal(pool.numWorkers, 1);
    const ys = await Promise.all(
      [...Array(20).keys()].map((x) => pool.submit(TASKS, "square", x)),
    );
    assert.deepEqual(ys, [...Array(20).keys()].map((x) => x * x));
    // The last worker dies too: what is left rejects, nothing hangs.
    await assert.rejects(pool.submit(TASKS, "exitWorker", 0), mpi.MPIError);
    await assert.rejects(pool.submit(TASKS, "square", 1), /no worker/);
    await pool.shutdown();
  },
});

test("the default worker count follows MPI4TS_FUTURES_MAX_WORKERS", () => {
  process.env.MPI4TS_FUTURES_MAX_WORKERS = "3";
  try {
    assert.equal(new PoolExecutor().numWorkers, 3);
    process.env.MPI4TS_FUTURES_MAX_WORKERS = "0";
    assert.throws(
      () => new PoolExecutor().numWorkers,
      /MPI4TS_FUTURES_MAX_WORKERS/,
    );
  } finally {
    delete process.env.MPI4TS_FUTURES_MAX_WORKERS;
  }
  assert.ok(new PoolExecutor().numWorkers >= 1);
  assert.throws(() => new PoolExecutor({ maxWorkers: 0 }), /maxWorkers/);
  assert.throws(
    () => new PoolExecutor({ initializer: ["x"] as never }),
    /initializer/,
  );
  world.Barrier();
});

test({
  name:
    "where the library cannot spawn, the first task rejects at once with MPIError",
  ignore: canSpawn && "this MPI library can start processes",
  async fn() {
    const t0 = performance.now();
    const pool = new PoolExecutor({ maxWorkers: 1 });
    await assert.rejects(pool.submit(TASKS, "square", 2), (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError, String(e));
      assert.match(e.message, /cannot (spawn|start)/i);
      return true;
    });
    assert.ok(performance.now() - t0 < 10_000);
    await pool.shutdown();
  },
});
