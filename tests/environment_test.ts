import process from "node:process";
import {
  assert,
  assertMPIError,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

test("importing mod.ts initialized MPI with THREAD_MULTIPLE", () => {
  assert.equal(mpi.Is_initialized(), true);
  assert.equal(mpi.Is_finalized(), false);
  assert.equal(mpi.Query_thread(), mpi.THREAD_MULTIPLE);
  assert.equal(mpi.Is_thread_main(), true);
  assert.deepEqual(
    [
      mpi.THREAD_SINGLE,
      mpi.THREAD_FUNNELED,
      mpi.THREAD_SERIALIZED,
      mpi.THREAD_MULTIPLE,
    ],
    [0, 1, 2, 3],
  );
});

test("rc shows the options in force and is read-only", () => {
  assert.equal(mpi.rc.initialize, true);
  assert.equal(mpi.rc.threadLevel, "multiple");
  assert.equal(mpi.rc.errors, "exception");
  assert.throws(() => {
    (mpi.rc as { initialize: boolean }).initialize = false;
  }, TypeError);
});

test("rank and size agree with the launcher", () => {
  const expected = Number(
    process.env.OMPI_COMM_WORLD_SIZE ?? process.env.PMI_SIZE ?? 1,
  );
  assert.equal(size, expected);
  assert.equal(world.Get_size(), size);
  assert.equal(world.Get_rank(), rank);
  assert.ok(rank >= 0 && rank < size);
  assert.equal(mpi.COMM_SELF.size, 1);
  assert.equal(mpi.COMM_SELF.rank, 0);
});

test("Wtime advances, Wtick is positive and small", async () => {
  const t0 = mpi.Wtime();
  await new Promise((r) => setTimeout(r, 20));
  const dt = mpi.Wtime() - t0;
  assert.ok(dt >= 0.015 && dt < 5, `elapsed ${dt}`);
  const tick = mpi.Wtick();
  assert.ok(tick > 0 && tick < 0.01, `tick ${tick}`);
});

test("versions and processor name", () => {
  const [major, minor] = mpi.Get_version();
  assert.ok(major >= 3 && minor >= 0);
  const lib = mpi.Get_library_version();
  assert.match(lib, /Open MPI|MPICH/);
  assert.ok(!lib.includes("\0"), "no NUL from the C string");
  const host = mpi.Get_processor_name();
  assert.ok(host.length > 0 && !host.includes("\0"));
});

test("constants have the loaded library's values and predefined objects exist", () => {
  assert.notEqual(mpi.ANY_SOURCE, mpi.PROC_NULL);
  assert.equal(mpi.SUCCESS, 0);
  assert.ok(mpi.ERR_TRUNCATE > 0 && mpi.ERR_RANK > 0);
  assert.equal(mpi.DOUBLE.size, 8);
  assert.equal(mpi.INT32_T.size, 4);
  assert.equal(mpi.BYTE.extent, 1);
  assert.equal(mpi.DOUBLE.name, "MPI_DOUBLE");
  assert.equal(mpi.SUM.name, "MPI_SUM");
  assert.equal(mpi.COMM_WORLD.Compare(mpi.COMM_WORLD), mpi.IDENT);
});

test("communicator names, Dup, Split, Compare, Free and use after Free", () => {
  assert.equal(world.name, "MPI_COMM_WORLD");
  const dup = world.Dup();
  assert.ok(dup instanceof mpi.Intracomm);
  assert.equal(dup.Compare(world), mpi.CONGRUENT);
  dup.name = "my dup";
  assert.equal(dup.name, "my dup");
  dup.Barrier();
  dup.Free();
  assertMPIError(() => dup.Barrier(), mpi.ERR_COMM);
  assertMPIError(() => dup.rank, mpi.ERR_COMM);
  dup.Free(); // freeing twice is a no-op

  const half = world.Split(rank % 2, -rank);
  assert.equal(half.size, Math.ceil((size - (rank % 2)) / 2));
  const members = [...Array(size).keys()].filter((r) => r % 2 === rank % 2);
  assert.equal(
    half.rank,
    members.length - 1 - members.indexOf(rank),
    "key -rank reverses the order",
  );
  half.Free();
  const none = world.Split(mpi.UNDEFINED);
  assert.equal(none, mpi.COMM_NULL);
  world.Free(); // predefined: no-op
  world.Barrier();
  {
    using scoped = world.Dup();
    scoped.Barrier();
  }
});

test("errors carry the call, code, class and text", () => {
  try {
    world.Send(new Int32Array(1), size + 5);
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof mpi.MPIError);
    assert.equal(e.errorClass, mpi.ERR_RANK);
    assert.match(e.message, /dest/);
  }
  // A truncation detected by MPI itself: code, class and MPI's text.
  const r = world.Isend(new Int32Array(4), rank, 5);
  try {
    world.Recv(new Int32Array(1), rank, 5);
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof mpi.MPIError);
    assert.equal(e.errorClass, mpi.ERR_TRUNCATE);
    assert.equal(e.call, "MPI_Recv");
    assert.ok(e.errorString.length > 0);
  }
  r.Wait();
});
