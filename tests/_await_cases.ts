/**
 * Awaited MPI under concurrency, shared by the test files that run it at
 * each thread level: many outstanding awaits completed in random order,
 * awaits mixed with blocking calls, a JavaScript op inside an awaited
 * collective, and the CPU a long await costs.
 *
 * @module
 */
import process from "node:process";
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";

/** CPU time this process has used, µs. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** A permutation of 0..n-1 that differs per rank. */
function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed * 7919 + 17;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers the awaiting tests; `level` is the thread level this process
 * asked for, checked first.
 */
export function awaitTests(level: mpi.ThreadLevelName): void {
  test(`thread level is ${level}`, () => {
    assert.equal(mpi.rc.threadLevel, level);
    // The library may give more than asked, never less.
    const asked = {
      single: mpi.THREAD_SINGLE,
      funneled: mpi.THREAD_FUNNELED,
      serialized: mpi.THREAD_SERIALIZED,
      multiple: mpi.THREAD_MULTIPLE,
    }[level];
    assert.ok(mpi.Query_thread() >= asked);
  });

  test("rc.spinUs is the spin budget in force", () => {
    const env = process.env.MPI4TS_SPIN_US;
    assert.equal(mpi.rc.spinUs, env ? Number(env) : 50);
  });

  test("1,000 awaited Irecvs complete in random order", async () => {
    const n = 1000;
    const bufs = Array.from({ length: n }, () => new Int32Array(2));
    const awaited = bufs.map((b, tag) =>
      world.Irecv(b, prev, tag).waitAsync() as Promise<mpi.Status>
    );
    const out = new Int32Array(2);
    for (const tag of shuffled(n, rank)) {
      out[0] = tag;
      out[1] = rank * 10_000 + tag;
      world.Send(out, next, tag);
    }
    const statuses = await Promise.all(awaited);
    for (let tag = 0; tag < n; tag++) {
      assert.deepEqual([...bufs[tag]], [tag, prev * 10_000 + tag]);
      assert.equal(statuses[tag].tag, tag);
      assert.equal(statuses[tag].source, prev);
    }
    world.Barrier();
  });

  test("300 awaited value irecvs and waitallAsync, random order", async () => {
    const n = 300;
    const singles = Array.from(
      { length: n },
      (_, tag) => world.irecv(prev, tag).waitAsync(),
    );
    const group = Array.from(
      { length: n },
      (_, i) => world.irecv(prev, n + i),
    );
    const all = mpi.Request.waitallAsync(group);
    for (const i of shuffled(2 * n, rank + 1)) {
      world.send({ from: rank, i, text: "x".repeat(i % 7) }, next, i);
    }
    const values = await Promise.all(singles) as { from: number; i: number }[];
    const grouped = await all as { from: number; i: number }[];
    values.forEach((v, i) => assert.deepEqual([v.from, v.i], [prev, i]));
    grouped.forEach((v, i) => assert.deepEqual([v.from, v.i], [prev, n + i]));
    world.Barrier();
  });

  test("awaits stay correct across blocking calls", async () => {
    const buf = new Float64Array(4);
    const value = world.irecv(prev, 41).waitAsync();
    const buffer = world.Irecv(buf, prev, 42).waitAsync();
    // Blocking traffic on other tags and a collective while both are pending.
    const got = world.sendrecv(rank, next, 40, prev, 40);
    assert.equal(got, prev);
    const sum = new Float64Array(1);
    world.Allreduce(new Float64Array([rank]), sum, mpi.SUM);
    assert.equal(sum[0], (size * (size - 1)) / 2);
    world.send(["v", rank], next, 41);
    world.Send(new Float64Array([rank, 1, 2, 3]), next, 42);
    assert.deepEqual(await value, ["v", prev]);
    const st = await buffer as mpi.Status;
    assert.deepEqual([...buf], [prev, 1, 2, 3]);
    assert.equal(st.tag, 42);
    // A blocking wait on a request another await is also watching.
    const r = world.Irecv(buf, prev, 43);
    const seen = r.waitAsync();
    world.Send(new Float64Array([rank, 9, 9, 9]), next, 43);
    r.Wait();
    await seen;
    assert.equal(buf[0], prev);
    world.Barrier();
  });

  test("an awaited collective with a JavaScript op runs it on this thread", async () => {
    let calls = 0;
    const op = mpi.Op.Create((invec, inout) => {
      calls++;
      const a = invec as Float64Array, b = inout as Float64Array;
      for (let i = 0; i < b.length; i++) b[i] = a[i] * 2 + b[i];
    }, false);
    try {
      for (let round = 0; round < 20; round++) {
        const send = new Float64Array([rank + 1, round]);
        const recv = new Float64Array(2);
        await world.Iallreduce(send, recv, op).waitAsync();
        // Every rank gets the same result; with one rank it is its input.
        const check = new Float64Array(2);
        world.Allreduce(recv, check, mpi.MAX);
        assert.deepEqual([...recv], [...check]);
        if (size === 1) assert.deepEqual([...recv], [1, round]);
        const value = await world.iallreduce(rank + round, mpi.SUM)
          .waitAsync();
        assert.equal(value, (size * (size - 1)) / 2 + size * round);
      }
      // MPI calls the op on some ranks only.
      const total = world.allreduce(calls, mpi.SUM) as number;
      if (size > 1) assert.ok(total > 0, "the JavaScript op ran");
    } finally {
      op.Free();
    }
    world.Barrier();
  });

  test("a long await costs little CPU and keeps timers running", async () => {
    const buf = new Float64Array(1);
    world.Barrier();
    const wait = 2000;
    const sent = sleep(wait).then(() => {
      world.Send(new Float64Array([rank]), next, 50);
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now(), c0 = cpuMicros();
    await world.Irecv(buf, prev, 50).waitAsync();
    const cpu = cpuMicros() - c0, wall = performance.now() - t0;
    clearInterval(timer);
    await sent;
    assert.equal(buf[0], prev);
    // The wait lasted at least `wait` ms (the message is sent then). A
    // spinning wait costs a whole core; the bound leaves room for this
    // process's other threads and a loaded machine (the await benchmark
    // holds the 10% target).
    assert.ok(wall >= wait * 0.95, `waited ${wall} ms`);
    assert.ok(
      cpu < 0.25 * wait * 1000,
      `${(cpu / 1000).toFixed(1)} ms of CPU in a ${wait} ms wait`,
    );
    assert.ok(ticks >= 20, `the 10 ms timer fired ${ticks} times`);
    world.Barrier();
  });

  test("an await that completes at once resolves without a timer", async () => {
    const buf = new Int32Array(1);
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) {
      const r = world.Irecv(buf, rank, 60);
      world.Send(new Int32Array([i]), rank, 60);
      await r.waitAsync();
      assert.equal(buf[0], i);
    }
    // 2,000 timer ticks would take ~2 s; fast-path awaits take milliseconds.
    assert.ok(performance.now() - t0 < 1500);
    world.Barrier();
  });

  test({
    name: "a failing await rejects and leaves the others pending",
    ignore: size === 1 &&
      "Open MPI's self transport truncates a too-long message to oneself without MPI_ERR_TRUNCATE",
    fn: async () => {
      const bad = world.Irecv(new Int32Array(1), prev, 70);
      const good = world.Irecv(new Int32Array(1), prev, 71).waitAsync();
      // A message longer than the buffer: MPI_ERR_TRUNCATE on completion.
      world.Send(new Int32Array(4), next, 70);
      world.Send(new Int32Array(1), next, 71);
      await assert.rejects(bad.waitAsync(), mpi.MPIError);
      await good;
      world.Barrier();
    },
  });
}
