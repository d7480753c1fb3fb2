// util/sync: Sequential, Counter, Mutex, Condition and Semaphore across
// every rank of COMM_WORLD (mpi4py.util.sync's semantics).
import { assert, mpi, rank, size, test, world } from "./_util.ts";
import { sync } from "../util/mod.ts";

/** A node-wide shared Int32Array of `n` cells on rank 0. */
function sharedInts(n: number): [mpi.Win, Int32Array] {
  const win = mpi.Win.Allocate_shared(
    rank === 0 ? 4 * n : 0,
    4,
    mpi.INFO_NULL,
    world,
  );
  const [bytes] = win.Shared_query(0);
  const cells = new Int32Array(bytes.buffer, bytes.byteOffset, n);
  if (rank === 0) cells.fill(0);
  world.Barrier();
  return [win, cells];
}

test("Sequential: one rank at a time, in rank order", () => {
  const [win, cells] = sharedInts(1 + size);
  for (let round = 0; round < 2; round++) {
    {
      using _turn = new sync.Sequential(world).begin();
      const i = Atomics.add(cells, 0, 1);
      cells[1 + i] = rank;
    }
    world.Barrier();
    assert.deepEqual([...cells.subarray(1)], [...Array(size).keys()]);
    world.Barrier();
    if (rank === 0) cells.fill(0);
    world.Barrier();
  }
  win.Free();
});

test("Counter: next() hands out every value once, start and step", () => {
  const K = 50;
  {
    using counter = new sync.Counter(0, 1, { comm: world });
    const got: number[] = [];
    for (let i = 0; i < K; i++) got.push(counter.next());
    const all = (world.allgather(got) as number[][]).flat().sort((a, b) =>
      a - b
    );
    assert.deepEqual(all, [...Array(K * size).keys()]);
  }
  for (const typecode of ["q", "d", "h"] as const) {
    using counter = new sync.Counter(10, 3, {
      comm: world,
      typecode,
      root: size - 1,
    });
    const got = [counter.next(), counter.next(2)];
    const all = (world.allgather(got) as number[][]).flat();
    world.Barrier();
    assert.equal(counter.next(0), 10 + size * 5, typecode);
    assert.equal(all.length, 2 * size);
    world.Barrier();
  }
  const counter = new sync.Counter(5);
  const it = counter[Symbol.iterator]();
  assert.deepEqual([it.next().value, it.next().value], [5, 6]);
  counter.free();
  assert.throws(() => counter.next(), /freed/);
  assert.throws(
    () => new sync.Counter(0, 1, { typecode: "z" as never }),
    TypeError,
  );
  assert.throws(() => new sync.Counter(0, 1, { root: size }), RangeError);
});

test("Mutex: a read-modify-write under the lock never loses an update", () => {
  const K = 20;
  const [win, cells] = sharedInts(1);
  using mutex = new sync.Mutex({ comm: world });
  assert.equal(mutex.locked(), false);
  for (let i = 0; i < K; i++) {
    assert.equal(mutex.acquire(), true);
    assert.equal(mutex.locked(), true);
    const v = Atomics.load(cells, 0);
    Atomics.store(cells, 0, v + 1);
    mutex.release();
  }
  for (let i = 0; i < K; i++) {
    using _held = mutex.hold();
    Atomics.store(cells, 0, Atomics.load(cells, 0) + 1);
  }
  world.Barrier();
  assert.equal(Atomics.load(cells, 0), 2 * K * size);
  assert.throws(() => mutex.release(), /unheld/);
  mutex.acquire();
  assert.throws(() => mutex.acquire(), /already held/);
  mutex.release();
  world.Barrier();
  // Non-blocking: exactly the first try succeeds when nobody else holds it.
  if (rank === 0) {
    assert.equal(mutex.acquire(false), true);
    mutex.release();
  }
  world.Barrier();
  win.Free();
});

test("Mutex: recursive acquire counts", () => {
  using mutex = new sync.Mutex({ comm: world, recursive: true });
  mutex.acquire();
  mutex.acquire();
  assert.equal(mutex.count(), 2);
  mutex.release();
  assert.equal(mutex.locked(), true);
  mutex.release();
  assert.equal(mutex.locked(), false);
  world.Barrier();
});

test("Condition: wait_for wakes on notify_all", () => {
  const [win, cells] = sharedInts(2);
  using cv = new sync.Condition(undefined, { comm: world });
  if (rank === 0) {
    using _held = cv.hold();
    Atomics.store(cells, 0, 1);
    cv.notify_all();
  } else {
    using _held = cv.hold();
    assert.equal(cv.wait_for(() => Atomics.load(cells, 0) === 1), true);
    Atomics.add(cells, 1, 1);
  }
  world.Barrier();
  assert.equal(Atomics.load(cells, 1), size - 1);
  assert.throws(() => cv.notify(), /unheld/);
  assert.throws(() => cv.wait(), /unheld/);
  world.Barrier();
  win.Free();
});

test("Semaphore: bounded count of holders", () => {
  const [win, cells] = sharedInts(2);
  using sem = new sync.Semaphore(2, { comm: world });
  for (let i = 0; i < 5; i++) {
    assert.equal(sem.acquire(), true);
    const inside = Atomics.add(cells, 0, 1) + 1;
    assert.ok(inside <= 2, `${inside} holders`);
    Atomics.store(cells, 1, Math.max(Atomics.load(cells, 1), inside));
    Atomics.sub(cells, 0, 1);
    sem.release();
  }
  world.Barrier();
  assert.ok(Atomics.load(cells, 1) <= 2);
  if (rank === 0) assert.throws(() => sem.release(), /too many/);
  world.Barrier();
  assert.throws(() => new sync.Semaphore(-1), RangeError);
  win.Free();
});
