/**
 * MPI-4 sessions (as mpi4py's test_session.py): process sets, their groups
 * and info, communicators and intercommunicators made from groups, next to
 * the world model and without it. Open MPI 4.1 lacks sessions: there each
 * call throws an `MPIError` naming the missing C function.
 *
 * @module
 */
import {
  assert,
  assertThrowsNaming,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

const has = mpi.Session.isAvailable;
const lacking = !has && "the loaded MPI library has no sessions (MPI-4)";
const present = has && "the loaded MPI library has sessions";

test({
  name: "Init, process sets, pset info, Finalize",
  ignore: lacking,
  fn: () => {
    const session = mpi.Session.Init();
    const n = session.Get_num_psets();
    assert.ok(n >= 2, `at least mpi://WORLD and mpi://SELF, got ${n}`);
    const names = Array.from({ length: n }, (_, i) => session.Get_nth_pset(i));
    assert.ok(names.includes("mpi://WORLD"), names.join());
    assert.ok(names.includes("mpi://SELF"), names.join());
    for (
      const [pset, want] of [["mpi://WORLD", size], ["mpi://SELF", 1]] as const
    ) {
      using info = session.Get_pset_info(pset);
      assert.equal(info.Get("mpi_size"), String(want));
      using group = session.Create_group(pset);
      assert.equal(group.size, want);
      assert.equal(group.rank, pset === "mpi://SELF" ? 0 : rank);
    }
    using used = session.Get_info();
    assert.ok(used.Get_nkeys() >= 0);
    assertThrowsNaming(
      () => session.Get_nth_pset(n),
      RangeError,
      /n must be in/,
    );
    assertThrowsNaming(
      () => session.Create_group(7 as never),
      TypeError,
      /pset/,
    );
    assert.throws(
      () => session.Create_group("mpi://NO_SUCH_SET"),
      mpi.MPIError,
    );
    session.Finalize();
    session.Finalize(); // a no-op once finalized
    assert.throws(() => session.Get_num_psets(), mpi.MPIError);
  },
});

test({
  name: "a communicator from a session's group works like COMM_WORLD",
  ignore: lacking,
  fn: () => {
    using session = mpi.Session.Init();
    using group = session.Create_group("mpi://WORLD");
    using comm = mpi.Intracomm.Create_from_group(group, "mpi4ts.test.world");
    assert.ok(comm instanceof mpi.Intracomm);
    assert.equal(comm.size, size);
    assert.equal(comm.rank, rank);
    const data = new Float64Array([rank, 1]);
    comm.Allreduce(mpi.IN_PLACE, data, mpi.SUM);
    assert.deepEqual([...data], [(size * (size - 1)) / 2, size]);
    assert.equal(comm.bcast(rank === 0 ? "hello" : null, 0), "hello");
    // Errors on it return (ERRORS_RETURN) and become MPIError.
    assert.throws(() => comm.Send(new Uint8Array(1), size + 3), mpi.MPIError);
    using self = session.Create_group("mpi://SELF");
    using alone = mpi.Intracomm.Create_from_group(self, "mpi4ts.test.self");
    assert.equal(alone.size, 1);
    assertThrowsNaming(
      () => mpi.Intracomm.Create_from_group(self, 5 as never),
      TypeError,
      /tag must be a string/,
    );
    assertThrowsNaming(
      () => mpi.Intracomm.Create_from_group({} as never, "x"),
      TypeError,
      /group must be a Group/,
    );
  },
});

test({
  name: "Create_from_group also works from a world-model group",
  ignore: lacking,
  fn: () => {
    using group = world.Get_group();
    using comm = mpi.Intracomm.Create_from_group(
      group,
      "mpi4ts.test.fromworld",
    );
    assert.equal(comm.Compare(world), mpi.CONGRUENT);
  },
});

test({
  name: "an intercommunicator from two halves of mpi://WORLD",
  ignore: lacking || (size < 2 && "needs 2 ranks"),
  fn: () => {
    using session = mpi.Session.Init();
    using all = session.Create_group("mpi://WORLD");
    const half = size >> 1;
    using low = all.Range_incl([[0, half - 1, 1]]);
    using high = all.Range_excl([[0, half - 1, 1]]);
    const mine = rank < half;
    using inter = mpi.Intercomm.Create_from_groups(
      mine ? low : high,
      0,
      mine ? high : low,
      0,
      "mpi4ts.test.halves",
    );
    assert.ok(inter instanceof mpi.Intercomm);
    assert.equal(inter.remote_size, mine ? size - half : half);
    const got = inter.allreduce(rank, mpi.SUM);
    const lowSum = (half * (half - 1)) / 2;
    const total = (size * (size - 1)) / 2;
    assert.equal(got, mine ? total - lowSum : lowSum);
    assert.throws(
      () => mpi.Intercomm.Create_from_groups(low, 99, high, 0, "x"),
      (e: unknown) =>
        e instanceof mpi.MPIError && /localLeader/.test(e.message),
    );
  },
});

test({
  name: "a session's error handler: Call_errhandler and Create_errhandler",
  ignore: lacking,
  fn: () => {
    const codes: number[] = [];
    using eh = mpi.Session.Create_errhandler((s, code) => {
      assert.ok(s instanceof mpi.Session);
      codes.push(code);
    });
    using session = mpi.Session.Init(mpi.INFO_NULL, eh);
    session.Call_errhandler(mpi.ERR_OTHER);
    assert.deepEqual(codes, [mpi.ERR_OTHER]);
    session.Set_errhandler(mpi.ERRORS_RETURN);
    assert.throws(() => session.Call_errhandler(mpi.ERR_OTHER), mpi.MPIError);
    session.Call_errhandler(mpi.SUCCESS);
  },
});

test({
  name: "without sessions every call names the missing C function",
  ignore: present,
  fn: () => {
    const names = (call: string) => (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError, String(e));
      assert.equal(e.call, call);
      assert.match(e.message, /lacks/);
      return true;
    };
    assert.equal(mpi.Session.isAvailable, false);
    assert.throws(() => mpi.Session.Init(), names("MPI_Session_init"));
    using group = world.Get_group();
    assert.throws(
      () => mpi.Intracomm.Create_from_group(group, "x"),
      names("MPI_Comm_create_from_group"),
    );
    assert.throws(
      () => mpi.Intercomm.Create_from_groups(group, 0, group, 0, "x"),
      names("MPI_Intercomm_create_from_groups"),
    );
    assert.throws(
      () => mpi.Session.Create_errhandler(() => {}),
      names("MPI_Session_create_errhandler"),
    );
  },
});
