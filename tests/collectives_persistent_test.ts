import { assert, mpi, rank, size, test, world } from "./_util.ts";

const sumTo = (n: number) => (n * (n - 1)) / 2;

test("persistent Barrier/Bcast/Reduce/Allreduce started many times", () => {
  const barrier = world.Barrier_init();
  const buf = new Int32Array(2);
  const bcast = world.Bcast_init(buf, size - 1);
  const send = new Float64Array(1),
    out = new Float64Array(1),
    root = new Float64Array(1);
  const allreduce = world.Allreduce_init(send, out, mpi.SUM);
  const reduce = world.Reduce_init(send, rank === 0 ? root : null, mpi.MAX, 0);
  const inplace = new Int32Array(1);
  const allreduceInPlace = world.Allreduce_init(mpi.IN_PLACE, inplace, mpi.SUM);
  for (let round = 0; round < 5; round++) {
    barrier.Start();
    barrier.Wait();
    if (rank === size - 1) buf.set([round, 100 - round]);
    bcast.Start();
    bcast.Wait();
    assert.deepEqual([...buf], [round, 100 - round]);
    send[0] = rank * round;
    mpi.Prequest.Startall([allreduce, reduce]);
    mpi.Request.Waitall([allreduce, reduce]);
    assert.equal(out[0], sumTo(size) * round);
    if (rank === 0) assert.equal(root[0], (size - 1) * round);
    inplace[0] = rank + round;
    allreduceInPlace.Start();
    allreduceInPlace.Wait();
    assert.equal(inplace[0], sumTo(size) + size * round);
  }
  for (const r of [barrier, bcast, allreduce, reduce, allreduceInPlace]) {
    assert.equal(
      r.isNull,
      false,
      "inactive persistent requests stay allocated",
    );
    r.Free();
    assert.equal(r.isNull, true);
  }
});
