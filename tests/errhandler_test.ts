/**
 * Error handlers made from JavaScript functions, `Call_errhandler`, and user
 * error classes, codes and strings (as mpi4py's test_errhandler.py and
 * test_exceptions.py): a user class surfaces as an `MPIError` of that class
 * whose message is the added text.
 *
 * @module
 */
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";

test("Get/Set_errhandler round trip on COMM_SELF and COMM_WORLD", () => {
  for (const comm of [mpi.COMM_SELF, mpi.COMM_WORLD]) {
    const before = comm.Get_errhandler();
    comm.Set_errhandler(mpi.ERRORS_ARE_FATAL);
    const now = comm.Get_errhandler();
    now.Free();
    comm.Set_errhandler(before);
    before.Free();
    assert.equal(before.isLive, false);
  }
});

test("a JavaScript errhandler sees the communicator and the error code", () => {
  const seen: [mpi.Comm, number][] = [];
  const eh = mpi.Comm.Create_errhandler((c, code) => {
    seen.push([c, code]);
  });
  using comm = world.Dup();
  comm.Set_errhandler(eh);
  eh.Free(); // the communicator keeps its own reference
  // A truncated receive is detected by MPI itself, so the handler runs.
  const req = comm.Isend(new Int32Array([1, 2, 3]), rank, 4);
  assertMPIError(() => comm.Recv(new Int32Array(1), rank, 4), mpi.ERR_TRUNCATE);
  req.Wait();
  assert.equal(seen.length, 1);
  assert.equal(mpi.Get_error_class(seen[0][1]), mpi.ERR_TRUNCATE);
  assert.equal(seen[0][0].Compare(comm), mpi.IDENT);
  assert.equal(seen[0][0].size, size);

  // Call_errhandler runs it with the given code.
  comm.Call_errhandler(mpi.ERR_OTHER);
  assert.equal(seen.length, 2);
  assert.equal(seen[1][1], mpi.ERR_OTHER);
  comm.Set_errhandler(mpi.ERRORS_RETURN);
  comm.Barrier();
});

test("COMM_WORLD's handler receives COMM_WORLD itself", () => {
  let got: mpi.Comm | undefined;
  using eh = mpi.Comm.Create_errhandler((c) => {
    got = c;
  });
  const before = world.Get_errhandler();
  world.Set_errhandler(eh);
  try {
    world.Call_errhandler(mpi.ERR_OTHER);
  } finally {
    world.Set_errhandler(before);
    before.Free();
  }
  assert.equal(got, world);
});

test("an exception in the handler is the cause of the call's MPIError", () => {
  using eh = mpi.Comm.Create_errhandler(() => {
    throw new Error("handler failed");
  });
  using comm = mpi.COMM_SELF.Dup();
  comm.Set_errhandler(eh);
  const req = comm.Isend(new Int32Array(2), 0, 1);
  assert.throws(
    () => comm.Recv(new Int32Array(1), 0, 1),
    (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError);
      assert.equal(e.errorClass, mpi.ERR_TRUNCATE);
      assert.equal((e.cause as Error).message, "handler failed");
      return true;
    },
  );
  req.Wait();
  // A later, unrelated error does not inherit the cause.
  assert.throws(() => mpi.COMM_SELF.Call_errhandler(mpi.ERR_OTHER), (e) => {
    assert.ok(e instanceof mpi.MPIError);
    assert.equal(e.cause, undefined);
    return true;
  });
});

test("Call_errhandler under ERRORS_RETURN throws the code, SUCCESS does not", () => {
  using comm = world.Dup();
  comm.Call_errhandler(mpi.SUCCESS);
  assertMPIError(() => comm.Call_errhandler(mpi.ERR_TAG), mpi.ERR_TAG);
  assertThrowsNaming(
    () => comm.Call_errhandler(1.5),
    RangeError,
    /errorcode/,
  );
});

test("Create_errhandler rejects a non-function", () => {
  assertThrowsNaming(
    () => mpi.Comm.Create_errhandler(3 as never),
    TypeError,
    /fn must be a function/,
  );
});

test("a user error class surfaces as an MPIError of that class with its text", () => {
  const cls = mpi.Add_error_class();
  assert.ok(cls > mpi.ERR_LASTCODE || cls >= 0);
  const code = mpi.Add_error_code(cls);
  assert.equal(mpi.Get_error_class(code), cls);
  mpi.Add_error_string(cls, "my error class");
  mpi.Add_error_string(code, `my error code on rank ${rank}`);
  assert.equal(mpi.Get_error_string(cls), "my error class");
  assert.equal(mpi.Get_error_string(code), `my error code on rank ${rank}`);
  using comm = mpi.COMM_SELF.Dup();
  assert.throws(() => comm.Call_errhandler(code), (e: unknown) => {
    assert.ok(e instanceof mpi.MPIError);
    assert.equal(e.errorClass, cls);
    assert.equal(e.errorCode, code);
    assert.equal(e.call, "MPI_Comm_call_errhandler");
    assert.match(e.message, new RegExp(`my error code on rank ${rank}$`));
    return true;
  });
});

test("error class arguments are checked; the MPI-4.1 removals name the call", () => {
  assertThrowsNaming(
    () => mpi.Add_error_code("x" as never),
    TypeError,
    /errorclass/,
  );
  assertThrowsNaming(
    () => mpi.Add_error_string(mpi.ERR_OTHER, 5 as never),
    TypeError,
    /string must be a string/,
  );
  assertThrowsNaming(
    () => mpi.Add_error_string(mpi.Add_error_class(), "x".repeat(5000)),
    RangeError,
    /string must be at most/,
  );
  for (
    const [fn, call] of [
      [mpi.Remove_error_class, "MPI_Remove_error_class"],
      [mpi.Remove_error_code, "MPI_Remove_error_code"],
      [mpi.Remove_error_string, "MPI_Remove_error_string"],
    ] as const
  ) {
    assert.throws(() => fn(mpi.Add_error_class()), (e: unknown) => {
      assert.ok(e instanceof mpi.MPIError);
      assert.equal(e.call, call);
      assert.match(e.message, /lacks/);
      return true;
    });
  }
});
