/**
 * Communicator attributes: predefined ones read from MPI, user keyvals
 * whose values follow the copy rule on Dup and reach the delete function
 * when they go.
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

test("predefined attributes come from MPI", () => {
  const tagUb = world.Get_attr(mpi.TAG_UB) as number;
  assert.ok(Number.isInteger(tagUb) && tagUb >= 32767, `TAG_UB ${tagUb}`);
  // A tag at the bound is valid.
  world.Sendrecv(
    new Int32Array(1),
    rank,
    tagUb,
    new Int32Array(1),
    rank,
    tagUb,
  );
  const universe = world.Get_attr(mpi.UNIVERSE_SIZE);
  assert.ok(
    // Open MPI counts slots (cores), which oversubscribed runs exceed.
    universe === undefined || (universe as number) >= Math.min(size, 2),
    `UNIVERSE_SIZE ${universe}`,
  );
  const appnum = world.Get_attr(mpi.APPNUM);
  assert.ok(appnum === undefined || appnum === 0, `APPNUM ${appnum}`);
});

test("user keyvals: set, get, overwrite, delete, copy on Dup, delete on Free", () => {
  const deleted: unknown[] = [];
  const shared = mpi.Comm.Create_keyval(true, (v) => deleted.push(v));
  const derived = mpi.Comm.Create_keyval(
    (v) => ({ ...(v as object), copies: (v as { copies: number }).copies + 1 }),
  );
  const local = mpi.Comm.Create_keyval(undefined, (v) => deleted.push(v));
  const comm = world.Dup();
  assert.equal(comm.Get_attr(shared), undefined);
  const payload = { solver: "cg" };
  comm.Set_attr(shared, payload);
  comm.Set_attr(derived, { copies: 0 });
  comm.Set_attr(local, "first");
  comm.Set_attr(local, "second");
  assert.deepEqual(deleted, ["first"], "overwriting deletes the old value");
  assert.equal(comm.Get_attr(shared), payload);

  const dup = comm.Dup();
  assert.equal(dup.Get_attr(shared), payload, "true shares the value");
  assert.deepEqual(dup.Get_attr(derived), { copies: 1 });
  assert.equal(dup.Get_attr(local), undefined, "no copy rule: not copied");
  const [idup, req] = comm.Idup();
  req.Wait();
  assert.equal(idup.Get_attr(shared), payload);

  comm.Delete_attr(local);
  assert.deepEqual(deleted, ["first", "second"]);
  assert.equal(comm.Get_attr(local), undefined);
  comm.Free();
  assert.deepEqual(deleted, ["first", "second", payload]);
  dup.Free();
  idup.Free();
  assert.equal(deleted.length, 5, "every copy's value was deleted on Free");

  mpi.Comm.Free_keyval(local);
  assertMPIError(() => world.Set_attr(local, 1), mpi.ERR_KEYVAL);
  assertMPIError(() => world.Get_attr(12345), mpi.ERR_KEYVAL);
  assertThrowsNaming(
    // @ts-expect-error: not a function
    () => mpi.Comm.Create_keyval(undefined, 3),
    TypeError,
    /delete/,
  );
  assertThrowsNaming(() => world.Get_attr(0.5), RangeError, /keyval/);
  mpi.Comm.Free_keyval(shared);
  mpi.Comm.Free_keyval(derived);
});
