// Request-based RMA: Rput, Rget, Raccumulate, Rget_accumulate complete
// through Wait, Test, Waitall and waitAsync, and keep their buffers alive.
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";
import { FLAVORS, makeWin, unsupported } from "./_rma.ts";

for (const flavor of FLAVORS) {
  test({
    name:
      `${flavor}: Rput/Rget/Raccumulate/Rget_accumulate with Wait and Waitall`,
    ignore: unsupported(flavor),
    fn: () => {
      using w = makeWin(flavor, 64);
      const { win, mem } = w;
      const mine = new Float64Array(mem.buffer, mem.byteOffset, 8);
      win.Lock(rank);
      mine.fill(-1);
      win.Unlock(rank);
      world.Barrier();
      win.Lock_all();
      const put = win.Rput(
        new Float64Array([rank, rank + 0.5]),
        next,
        w.disp(next, 0),
      );
      assert.ok(put instanceof mpi.Request);
      put.Wait();
      win.Flush(next);
      world.Barrier();
      const got = new Float64Array(3).fill(7);
      win.Rget([got, 2], prev, [w.disp(prev, 0), 2, mpi.DOUBLE]).Wait();
      win.Flush(prev);
      assert.deepEqual([...got], [
        prev === next ? rank : (prev + size - 1) % size,
        (prev === next ? rank : (prev + size - 1) % size) + 0.5,
        7,
      ]);
      world.Barrier();
      const reqs = [
        win.Raccumulate(new Float64Array([1]), next, w.disp(next, 16), mpi.SUM),
        win.Raccumulate(
          new Float64Array([2]),
          next,
          w.disp(next, 24),
          mpi.REPLACE,
        ),
      ];
      mpi.Request.Waitall(reqs);
      win.Flush_all();
      world.Barrier();
      const old = new Float64Array(1);
      const r = win.Rget_accumulate(
        new Float64Array([10]),
        old,
        next,
        w.disp(next, 32),
        mpi.SUM,
      );
      while (!r.Test()) { /* spin */ }
      win.Flush(next);
      assert.equal(old[0], -1);
      win.Unlock_all();
      world.Barrier();
      win.Lock(rank);
      win.Sync();
      assert.deepEqual([...mine.subarray(0, 5)], [prev, prev + 0.5, 0, 2, 9]);
      win.Unlock(rank);
      world.Barrier();
    },
  });
}

test("waitAsync completes request-based operations", async () => {
  using w = makeWin("allocate", 8 * 1024);
  const { win, mem } = w;
  const mine = new Float64Array(mem.buffer, mem.byteOffset, 1024);
  win.Lock(rank);
  mine.fill(rank);
  win.Unlock(rank);
  world.Barrier();
  win.Lock(next, mpi.LOCK_SHARED);
  const got = new Float64Array(1024);
  await win.Rget(got, next).waitAsync();
  const res = new Float64Array(1024);
  await win.Rget_accumulate(null, res, next, 0, mpi.NO_OP).waitAsync();
  win.Unlock(next);
  assert.ok(got.every((x) => x === next));
  assert.ok(res.every((x) => x === next));
  world.Barrier();
});

test("request forms check arguments like the blocking ones", () => {
  using w = makeWin("allocate", 16);
  const { win } = w;
  win.Lock_all();
  assert.throws(() => win.Rput(new Float64Array(3), rank), RangeError);
  assert.throws(() => win.Rget(new Float64Array(1), size), mpi.MPIError);
  assert.throws(() => win.Raccumulate("x" as never, rank), TypeError);
  assert.throws(
    () => win.Rget_accumulate(null, new Float64Array(1), rank, -1),
    RangeError,
  );
  const r = win.Rput(new Float64Array(1), mpi.PROC_NULL);
  r.Wait();
  win.Unlock_all();
});
