/**
 * `Isendrecv` and `Isendrecv_replace`: the MPI-4 calls where the library
 * has them (MPICH 4), an `Irecv` + `Isend` pair in one request where it
 * does not (Open MPI 4.1); the same results either way.
 *
 * @module
 */
import {
  assert,
  assertMPIError,
  mpi,
  next,
  prev,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

test("Isendrecv around the ring, waited and awaited, with status", async () => {
  const out = new Int32Array([rank, rank * 10]);
  const got = new Int32Array(3).fill(-1);
  const st = new mpi.Status();
  world.Isendrecv(out, next, 5, [got, 2], prev, 5).Wait(st);
  assert.deepEqual([...got], [prev, prev * 10, -1]);
  assert.equal(st.source, prev);
  assert.equal(st.tag, 5);
  assert.equal(st.Get_count(mpi.INT32_T), 2);

  const again = new Float64Array(1);
  const req = world.Isendrecv(new Float64Array([rank + 0.5]), next, 6, again);
  await req.waitAsync();
  assert.deepEqual([...again], [prev + 0.5]);
});

test("Isendrecv_replace swaps data in place, whatever the library", () => {
  const buf = new Float64Array([rank, rank + 0.25, -7]);
  const req = world.Isendrecv_replace([buf, 2], next, 8, prev, 8);
  const st = new mpi.Status();
  req.Wait(st);
  assert.deepEqual([...buf], [prev, prev + 0.25, -7]);
  assert.equal(st.source, prev);
});

test("Isendrecv to PROC_NULL completes at once; bad ranks name the argument", () => {
  const got = new Int32Array([42]);
  world.Isendrecv(new Int32Array([1]), mpi.PROC_NULL, 0, got, mpi.PROC_NULL)
    .Wait();
  assert.equal(got[0], 42);
  assertMPIError(
    () => world.Isendrecv(new Int32Array(1), size, 0, new Int32Array(1), 0),
    mpi.ERR_RANK,
  );
  assert.throws(
    () => world.Isendrecv(new Int32Array(1), 0, 0, [new Int32Array(1), 2]),
    /recvbuf/,
  );
});
