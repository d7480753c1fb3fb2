// mpi4ts-test: np=2,3
/**
 * A user op is JavaScript: it must run on the JavaScript thread. While one
 * request's `waitAsync` waits in `MPI_Wait` on a helper thread, MPI's
 * progress engine there must never run another request's user-op
 * reduction; that request makes progress on this thread.
 */
import { assert, mpi, rank, size, test, world } from "./_util.ts";

test("a waitAsync on a helper thread never runs another request's JavaScript op", async () => {
  // JavaScript cannot run on another thread at all: a runtime called back
  // from a foreign thread aborts the process (Deno) or cannot run the
  // callback before returning (Node), so a run that completes with right
  // results shows the op ran here.
  let calls = 0;
  const op = mpi.Op.Create((a, b) => {
    calls++;
    for (let i = 0; i < a.length; i++) {
      b[i] = (b[i] as number) + (a[i] as number);
    }
  }, true);
  const N = 1 << 14;
  for (let round = 0; round < 20; round++) {
    // Rank 0 waits on a helper thread for a message rank 1 sends only after
    // the reduction completed.
    const late = new Float64Array(1);
    const waiting = rank === 0
      ? world.Irecv(late, 1, 77).waitAsync()
      : undefined;
    const src = new Float64Array(N).fill(rank + 1), out = new Float64Array(N);
    const red = world.Iallreduce(src, out, op);
    await red.waitAsync();
    if (rank === 1) world.Send(new Float64Array([round]), 0, 77);
    if (waiting) {
      await waiting;
      assert.equal(late[0], round);
    }
    const want = (size * (size + 1)) / 2;
    for (let i = 0; i < N; i++) {
      if (out[i] !== want) assert.fail(`element ${i}: ${out[i]} !== ${want}`);
    }
  }
  if (size > 1) assert.ok((world.allreduce(calls) as number) > 0, "the op ran");
  op.Free();
});
