/**
 * Starting processes (the scenarios of mpi4py's test_spawn.py): the parent
 * starts workers of the current runtime (`runtimeCommand`) from
 * `COMM_WORLD` and `COMM_SELF`, one program or several; the workers find
 * their parent, receive their arguments, send values and buffers back and
 * disconnect. Arguments matter at the root only, and a bad one there makes
 * every rank throw. Where the library cannot start processes (MPICH built
 * with ch4:ucx) the call throws a prompt `MPIError` that says so.
 */
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  canSpawn,
  fixture,
  mpi,
  NO_SPAWN,
  rank,
  size,
  test,
  world,
} from "./_util.ts";
import { cwd } from "node:process";

const CHILD = fixture("spawn_child");

interface Report {
  rank: number;
  size: number;
  args: string[];
  parentSize: number;
  inter: boolean;
}

/** At the parent's rank 0: what each of `n` workers reported, by rank. */
function reports(inter: mpi.Intercomm, n: number): Report[] {
  const got: Report[] = [];
  for (let i = 0; i < n; i++) {
    const r = inter.recv(mpi.ANY_SOURCE, 1) as Report;
    got[r.rank] = r;
    const b = new Int32Array(1);
    inter.Recv(b, r.rank, 2);
    assert.equal(b[0], r.rank * 10 + 7);
  }
  return got;
}

test({
  name: "Spawn from COMM_WORLD: workers see their parent and their arguments",
  ignore: NO_SPAWN,
  fn() {
    const args = ["report", "two words", "ünïcode", ""];
    const cmd = mpi.runtimeCommand(CHILD, args);
    const errcodes: number[] = [-1, -1, -1, -1, -1];
    // Only the root's command, arguments and count matter.
    const inter = rank === 0
      ? world.Spawn(cmd.command, cmd.args, 2, mpi.INFO_NULL, 0, errcodes)
      : world.Spawn(null as never, 42 as never, -3, "x" as never, 0, errcodes);
    assert.ok(inter instanceof mpi.Intercomm);
    assert.equal(inter.size, size);
    assert.equal(inter.remote_size, 2);
    assert.deepEqual(errcodes, [mpi.SUCCESS, mpi.SUCCESS]);
    if (rank === 0) {
      const got = reports(inter, 2);
      assert.deepEqual(got.map((r) => r.rank), [0, 1]);
      for (const r of got) {
        assert.deepEqual(r.args, args.slice(1));
        assert.equal(r.size, 2);
        assert.equal(r.parentSize, size);
        assert.equal(r.inter, true);
      }
    }
    inter.Barrier();
    inter.Disconnect();
    assert.equal(inter.isLive, false);
    assertMPIError(() => inter.remote_size, mpi.ERR_COMM);
  },
});

test({
  name: "Spawn from COMM_SELF on every rank, root 0, no errcodes",
  ignore: NO_SPAWN,
  fn() {
    const cmd = mpi.runtimeCommand(CHILD, ["report", `from ${rank}`]);
    using info = mpi.Info.Create([["wdir", cwd()]]);
    using inter = mpi.COMM_SELF.Spawn(cmd.command, cmd.args, 1, info);
    assert.deepEqual(
      [...info.keys()],
      ["wdir"],
      "the user's Info is unchanged",
    );
    assert.equal(inter.remote_size, 1);
    const [r] = reports(inter, 1);
    assert.deepEqual(r.args, [`from ${rank}`]);
    assert.equal(r.parentSize, 1);
    inter.Barrier();
    inter.Disconnect();
  },
});

test({
  name: "Spawn_multiple starts several programs as one group",
  ignore: NO_SPAWN,
  fn() {
    const a = mpi.runtimeCommand(CHILD, ["report", "first"]);
    const b = mpi.runtimeCommand(CHILD, ["report", "second"]);
    const errcodes: number[] = [];
    const root = size - 1;
    const inter = rank === root
      ? world.Spawn_multiple(
        [a.command, b.command],
        [a.args, b.args],
        [1, 1],
        [mpi.INFO_NULL, mpi.INFO_NULL],
        root,
        errcodes,
      )
      : world.Spawn_multiple(
        [],
        null,
        0 as never,
        mpi.INFO_NULL,
        root,
        errcodes,
      );
    assert.equal(inter.remote_size, 2);
    assert.deepEqual(errcodes, [mpi.SUCCESS, mpi.SUCCESS]);
    if (rank === 0) {
      const got = reports(inter, 2);
      assert.deepEqual(got.map((r) => r.args), [["first"], ["second"]]);
    }
    inter.Barrier();
    inter.Disconnect();
  },
});

test({
  name: "Spawn_multiple takes one maxprocs and one info for every command",
  ignore: NO_SPAWN || size > 1 && "one rank is enough",
  fn() {
    const a = mpi.runtimeCommand(CHILD, ["report", "same"]);
    const inter = mpi.COMM_SELF.Spawn_multiple(
      [a.command],
      [a.args],
      2,
      mpi.INFO_NULL,
    );
    assert.equal(inter.remote_size, 2);
    assert.deepEqual(reports(inter, 2).map((r) => r.args), [["same"], [
      "same",
    ]]);
    inter.Barrier();
    inter.Disconnect();
  },
});

test("Get_parent is COMM_NULL in a process nobody started", () => {
  assert.equal(mpi.Comm.Get_parent(), mpi.COMM_NULL);
  assert.equal(mpi.Comm.Get_parent(), mpi.COMM_NULL);
});

test("Disconnect frees any communicator, collectively", () => {
  const dup = world.Dup();
  dup.Disconnect();
  assert.equal(dup.isLive, false);
  assertMPIError(() => dup.Barrier(), mpi.ERR_COMM);
  assertMPIError(() => mpi.COMM_NULL.Disconnect(), mpi.ERR_COMM);
  assertMPIError(() => world.Disconnect(), mpi.ERR_COMM);
  assertMPIError(() => mpi.COMM_SELF.Disconnect(), mpi.ERR_COMM);
  world.Barrier(); // still usable
});

test("runtimeCommand starts this runtime on a script", () => {
  const cmd = mpi.runtimeCommand(CHILD, ["a", "b"]);
  assert.equal(typeof cmd.command, "string");
  assert.ok(cmd.command.length > 0);
  assert.deepEqual(cmd.args.slice(-3), [
    decodeURIComponent(CHILD.pathname),
    "a",
    "b",
  ]);
  assert.deepEqual(
    mpi.runtimeCommand("w.ts").args.slice(-1),
    ["w.ts"],
  );
  assertThrowsNaming(
    () => mpi.runtimeCommand(3 as never),
    TypeError,
    /script/,
  );
  assertThrowsNaming(
    () => mpi.runtimeCommand("w.ts", "x" as never),
    TypeError,
    /args/,
  );
});

/** At the root `fn` throws `ctor` naming `name`; elsewhere an MPIError of class ERR_ARG. */
function rootRejects(
  fn: () => unknown,
  ctor: new (...args: never[]) => Error,
  name: RegExp,
): void {
  if (rank === 0) assertThrowsNaming(fn, ctor, name);
  else assertMPIError(fn, mpi.ERR_ARG);
}

test("Spawn rejects bad arguments at the root on every rank, before MPI", () => {
  const cmd = mpi.runtimeCommand(CHILD, ["report"]);
  const ok = rank === 0;
  rootRejects(
    () => world.Spawn(ok ? 42 as never : "x", cmd.args),
    TypeError,
    /command/,
  );
  rootRejects(
    () => world.Spawn(cmd.command, ok ? "report" as never : []),
    TypeError,
    /args/,
  );
  rootRejects(
    () => world.Spawn(cmd.command, ok ? [1] as never : []),
    TypeError,
    /args\[0\]/,
  );
  rootRejects(
    () => world.Spawn(cmd.command, [], ok ? 0 : 1),
    RangeError,
    /maxprocs/,
  );
  rootRejects(
    () => world.Spawn(cmd.command, [], ok ? 1.5 : 1),
    RangeError,
    /maxprocs/,
  );
  rootRejects(
    () => world.Spawn(cmd.command, [], 1, ok ? {} as never : mpi.INFO_NULL),
    TypeError,
    /info/,
  );
  rootRejects(
    () => world.Spawn_multiple(ok ? "x" as never : [], null, 1),
    TypeError,
    /commands/,
  );
  rootRejects(
    () => world.Spawn_multiple([cmd.command, cmd.command], null, ok ? [1] : 1),
    RangeError,
    /maxprocs/,
  );
  rootRejects(
    () => world.Spawn_multiple([cmd.command], ok ? [["x"], ["y"]] : null, 1),
    RangeError,
    /args/,
  );
  // A command that cannot start: Open MPI would end the job, or wait forever.
  for (const bad of ["/nonexistent/program", "no-such-program-on-path"]) {
    const t0 = performance.now();
    if (ok) {
      assert.throws(() => world.Spawn(bad), (e: unknown) => {
        assert.ok(e instanceof mpi.MPIError, `expected MPIError, got ${e}`);
        assert.equal(e.errorClass, mpi.ERR_SPAWN);
        assert.match(e.message, /command '.*' is not an executable file/);
        return true;
      });
    } else assertMPIError(() => world.Spawn(bad), mpi.ERR_ARG);
    assert.ok(performance.now() - t0 < 10_000);
  }
  rootRejects(
    () => world.Spawn_multiple([cmd.command, ok ? "/nonexistent" : "x"]),
    mpi.MPIError,
    /commands\[1\] '\/nonexistent'/,
  );
  // errcodes is checked on every rank
  assertThrowsNaming(
    () => world.Spawn(cmd.command, [], 1, mpi.INFO_NULL, 0, {} as never),
    TypeError,
    /errcodes/,
  );
  assertMPIError(
    () => world.Spawn(cmd.command, [], 1, mpi.INFO_NULL, size),
    mpi.ERR_ROOT,
  );
  assertThrowsNaming(
    () => world.Spawn(cmd.command, [], 1, mpi.INFO_NULL, "0" as never),
    TypeError,
    /root/,
  );
});

test({
  name:
    "where the library cannot start processes, Spawn throws at once and says so",
  ignore: canSpawn && "this library can start processes",
  fn() {
    const cmd = mpi.runtimeCommand(CHILD, ["report"]);
    for (
      const start of [
        () => world.Spawn(cmd.command, cmd.args),
        () => mpi.COMM_SELF.Spawn_multiple([cmd.command], [cmd.args], 1),
      ]
    ) {
      const t0 = performance.now();
      assert.throws(start, (e: unknown) => {
        assert.ok(e instanceof mpi.MPIError, `expected MPIError, got ${e}`);
        assert.match(e.message, /cannot start processes/);
        assert.notEqual(e.errorClass, mpi.SUCCESS);
        return true;
      });
      assert.ok(performance.now() - t0 < 10_000, "the failure is prompt");
    }
  },
});
