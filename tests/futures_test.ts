/**
 * Task pools over the job's own ranks (`CommExecutor`): results, errors,
 * mapping, shutdown, and idle cost — scenarios of mpi4py's
 * `demo/futures/test_futures.py`. Every test is collective: the root
 * submits, the other ranks serve and get `null`.
 *
 * @module
 */
import process from "node:process";
import { CancelledError, CommExecutor } from "../futures/mod.ts";
import * as tasks from "./fixtures/tasks.ts";
import { assert, fixture, mpi, rank, size, test, world } from "./_util.ts";

const TASKS = fixture("tasks");
const workers = Math.max(1, size - 1);

/** Runs `body` on the root with the executor; checks `null` on the others. */
async function withPool(
  body: (ex: CommExecutor) => Promise<void>,
): Promise<void> {
  const before = tasks.tasksRun;
  const ex = await CommExecutor.start(world, 0);
  if (rank === 0) {
    assert.ok(ex instanceof CommExecutor);
    try {
      await body(ex);
    } finally {
      await ex.shutdown();
    }
  } else {
    assert.equal(ex, null);
  }
  // Every rank learns how many tasks ran where.
  const ran = world.allgather(tasks.tasksRun - before);
  if (size > 1) assert.equal(ran[0], 0, "the root runs no task itself");
}

test("numWorkers is the other ranks, or the root itself when alone", async () => {
  await withPool(async (ex) => {
    assert.equal(ex.numWorkers, workers);
    assert.equal(await ex.submit(TASKS, "square", 7), 49);
  });
});

test("submit, module, map, starmap give the right results", async () => {
  await withPool(async (ex) => {
    assert.equal(await ex.submit(TASKS, "add", 2, 3), 5);
    assert.equal(await ex.submit(TASKS.href, "square", 9), 81);
    const remote = ex.module<typeof tasks>(TASKS);
    assert.equal(await remote.slowSquare(6), 36);
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const ordered = [];
    for await (const y of ex.map(TASKS, "square", xs)) ordered.push(y);
    assert.deepEqual(ordered, xs.map((x) => x * x));
    const chunked = [];
    for await (const y of ex.map(TASKS, "square", xs, { chunksize: 7 })) {
      chunked.push(y);
    }
    assert.deepEqual(chunked, ordered);
    const unordered = [];
    for await (
      const y of ex.map(TASKS, "slowSquare", xs, { unordered: true })
    ) unordered.push(y);
    assert.deepEqual(
      [...unordered].sort((a, b) => (a as number) - (b as number)),
      ordered,
    );
    const sums = [];
    for await (
      const s of ex.starmap(TASKS, "add", [[1, 2], [3, 4], [5, 6]], {
        chunksize: 2,
      })
    ) sums.push(s);
    assert.deepEqual(sums, [3, 7, 11]);
    // An async iterable of inputs.
    async function* gen() {
      for (let i = 0; i < 5; i++) yield i;
    }
    const fromGen = [];
    for await (const y of ex.map(TASKS, "square", gen())) fromGen.push(y);
    assert.deepEqual(fromGen, [0, 1, 4, 9, 16]);
  });
});

test("tasks run on every worker rank", async () => {
  await withPool(async (ex) => {
    const ranks = new Set<number>();
    const pending = [];
    for (let i = 0; i < 40 * workers; i++) {
      pending.push(ex.submit(TASKS, "slowSquare", i, 2));
    }
    await Promise.all(pending);
    for (let i = 0; i < 8 * workers; i++) {
      const [r] = await ex.submit(TASKS, "whoAmI") as [number, number];
      ranks.add(r);
    }
    const expected = size > 1 ? [...Array(size - 1)].map((_, i) => i + 1) : [0];
    assert.ok(ranks.size >= 1);
    for (const r of ranks) assert.ok(expected.includes(r), `rank ${r}`);
  });
});

test("2,000 small tasks all come back right", async () => {
  await withPool(async (ex) => {
    const xs = Array.from({ length: 2000 }, (_, i) => i);
    const ys = await Promise.all(xs.map((x) => ex.submit(TASKS, "square", x)));
    assert.deepEqual(ys, xs.map((x) => x * x));
  });
});

test("a task's error keeps its class, name, message, stack and cause", async () => {
  await withPool(async (ex) => {
    await assert.rejects(ex.submit(TASKS, "fail", 5), (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.equal(e.message, "bad input 5");
      assert.match(e.stack ?? "", /fail/);
      const cause = e.cause as Error & { line: number };
      assert.ok(cause instanceof Error);
      assert.equal(cause.name, "ParseError");
      assert.equal(cause.message, "row 3 is short");
      assert.equal(cause.line, 3);
      assert.equal(cause.cause, "eof");
      return true;
    });
    await assert.rejects(ex.submit(TASKS, "failWithString"), /plain text/);
    // One failure does not fail the tasks around it.
    const results = await Promise.allSettled(
      [1, 2, 3].map((x) => ex.submit(TASKS, x === 2 ? "fail" : "square", x)),
    );
    assert.deepEqual(results.map((r) => r.status), [
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    // map throws where the failed result would be.
    const seen: unknown[] = [];
    await assert.rejects(async () => {
      for await (const y of ex.map(TASKS, "fail", [1])) seen.push(y);
    }, RangeError);
    assert.deepEqual(seen, []);
  });
});

test("a missing module, a missing export and an unsendable result reject clearly", async () => {
  await withPool(async (ex) => {
    const missing = new URL("./fixtures/no_such_module.ts", import.meta.url);
    await assert.rejects(ex.submit(missing, "f"), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /cannot import the task module .*no_such_module/);
      return true;
    });
    await assert.rejects(
      ex.submit(TASKS, "notAFunction"),
      /no exported function 'notAFunction'/,
    );
    await assert.rejects(
      ex.submit(TASKS, "returnsFunction"),
      /result cannot be sent back/,
    );
    assert.equal(
      await ex.submit(TASKS, "square", 3),
      9,
      "the pool still works",
    );
  });
});

test("bad arguments are errors naming the argument", async () => {
  await withPool(async (ex) => {
    await assert.rejects(ex.submit("", "square"), /url/);
    await assert.rejects(ex.submit(TASKS, ""), /name/);
    await assert.rejects(async () => {
      for await (const _ of ex.map(TASKS, "square", [1], { chunksize: 0 })) {
        // never reached
      }
    }, /chunksize/);
    await assert.rejects(async () => {
      for await (const _ of ex.starmap(TASKS, "add", [3 as never])) {
        // never reached
      }
    }, /argument list/);
  });
  await assert.rejects(
    CommExecutor.start(world, size) as Promise<unknown>,
    /root/,
  );
});

test("shutdown: waits for tasks, cancels queued ones on request, refuses new ones", async () => {
  await withPool(async (ex) => {
    const running = Array.from(
      { length: 20 },
      (_, i) => ex.submit(TASKS, "slowSquare", i, 20),
    );
    await ex.shutdown({ cancelFutures: true });
    const settled = await Promise.allSettled(running);
    const done = settled.filter((s) => s.status === "fulfilled");
    const cancelled = settled.filter((s) =>
      s.status === "rejected" && s.reason instanceof CancelledError
    );
    assert.equal(done.length + cancelled.length, 20);
    assert.ok(done.length >= 1, "the first batches were already out");
    for (const s of done) {
      const i = settled.indexOf(s);
      assert.equal((s as PromiseFulfilledResult<unknown>).value, i * i);
    }
    await assert.rejects(ex.submit(TASKS, "square", 1), /after shutdown/);
  });
  await withPool(async (ex) => {
    const all = Array.from(
      { length: 10 },
      (_, i) => ex.submit(TASKS, "square", i),
    );
    await ex.shutdown({ wait: true });
    assert.deepEqual(
      await Promise.all(all),
      [...Array(10)].map((_, i) => i * i),
    );
  });
});

test("an idle pool does not spin: under 10% of a core per process for 5 s", async () => {
  await withPool(async (ex) => {
    const n = ex.numWorkers;
    await Promise.all([...Array(n)].map(() => ex.submit(TASKS, "markIdle")));
    const u0 = process.cpuUsage(), t0 = performance.now();
    await new Promise((r) => setTimeout(r, 5000));
    const u1 = process.cpuUsage(u0), wall = (performance.now() - t0) / 1e3;
    const rootShare = (u1.user + u1.system) / 1e6 / wall;
    const shares = await Promise.all(
      [...Array(n)].map(() => ex.submit(TASKS, "idleShare")),
    ) as [number, number][];
    if (process.env.SHOW) console.log("idle", rootShare, shares);
    assert.ok(rootShare < 0.1, `root used ${rootShare} of a core`);
    for (const [r, share] of shares) {
      assert.ok(share < 0.1, `worker rank ${r} used ${share} of a core`);
    }
    if (size > 1) {
      assert.deepEqual(
        shares.map(([r]) => r).sort(),
        [...Array(size - 1)].map((_, i) => i + 1),
        "each worker measured itself",
      );
    }
  });
});

test("the pool's messages never match the program's own", async () => {
  if (rank === 0 && size > 1) world.send("user", 1, 0);
  await withPool(async (ex) => {
    assert.equal(await ex.submit(TASKS, "square", 4), 16);
  });
  if (rank === 1) assert.equal(world.recv(0, 0), "user");
  world.Barrier();
  assert.ok(mpi.COMM_WORLD.rank === rank);
});
