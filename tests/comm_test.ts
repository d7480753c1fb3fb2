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

const all = [...Array(size).keys()];
const sameParity = all.filter((r) => r % 2 === rank % 2);
const otherParity = all.filter((r) => r % 2 !== rank % 2);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function allreduceSum(comm: mpi.Comm, x: number): number {
  const out = new Int32Array(1);
  comm.Allreduce(new Int32Array([x]), out, mpi.SUM);
  return out[0];
}

test("Create by the even ranks, then Allreduce within", () => {
  using g = world.Get_group();
  using evens = g.Range_incl([[0, size - 1, 2]]);
  const sub = world.Create(evens);
  if (rank % 2 === 1) {
    // not in the group: no communicator
    assert.equal(sub, mpi.COMM_NULL);
  } else {
    assert.ok(sub instanceof mpi.Intracomm);
    assert.deepEqual([sub.rank, sub.size], [rank / 2, Math.ceil(size / 2)]);
    assert.equal(allreduceSum(sub, rank), sum(sameParity));
    using subGroup = sub.Get_group();
    assert.equal(subGroup.Compare(evens), mpi.IDENT);
    sub.Free();
    assertMPIError(() => sub.Barrier(), mpi.ERR_COMM);
  }
});

test("Create with the whole group is congruent; Create_group by each parity alone", () => {
  using g = world.Get_group();
  using whole = world.Create(g);
  assert.equal(whole.Compare(world), mpi.CONGRUENT);

  using mine = g.Incl(sameParity);
  using half = world.Create_group(mine, 5);
  assert.ok(half instanceof mpi.Intracomm);
  assert.equal(half.size, sameParity.length);
  assert.equal(half.rank, sameParity.indexOf(rank));
  assert.equal(allreduceSum(half, rank), sum(sameParity));
  assert.equal(world.Create_group(mpi.GROUP_EMPTY), mpi.COMM_NULL);
});

test("Split_type(COMM_TYPE_SHARED) holds the whole job on one host", () => {
  using node = world.Split_type(mpi.COMM_TYPE_SHARED);
  assert.ok(node instanceof mpi.Intracomm);
  assert.deepEqual([node.rank, node.size], [rank, size]);
  assert.equal(allreduceSum(node, 1), size);
  using info = mpi.Info.Create({ mpi_hw_resource_type: "mpi_shared_memory" });
  using reversed = world.Split_type(mpi.COMM_TYPE_SHARED, -rank, info);
  assert.equal(reversed.rank, size - 1 - rank);
  assert.equal(world.Split_type(mpi.UNDEFINED), mpi.COMM_NULL);
});

test("Dup_with_info and Idup give congruent communicators", async () => {
  using info = mpi.Info.Create({ mpi_assert_no_any_tag: "false" });
  using withInfo = world.Dup_with_info(info);
  assert.ok(withInfo instanceof mpi.Intracomm);
  assert.equal(withInfo.Compare(world), mpi.CONGRUENT);
  assert.equal(allreduceSum(withInfo, rank), sum(all));
  using withNull = world.Dup_with_info(mpi.INFO_NULL);
  assert.equal(withNull.Compare(world), mpi.CONGRUENT);

  const [dup, request] = world.Idup();
  assert.ok(dup instanceof mpi.Intracomm);
  assert.ok(request instanceof mpi.Request);
  request.Wait();
  assert.equal(dup.Compare(world), mpi.CONGRUENT);
  assert.equal(allreduceSum(dup, rank + 1), sum(all) + size);
  dup.Free();

  const [later, pending] = world.Idup();
  await pending.waitAsync();
  assert.equal(allreduceSum(later, 2), 2 * size);
  later.Free();
});

test("COMM_WORLD is an intracommunicator", () => {
  assert.equal(world.Is_inter(), false);
  assert.ok(world instanceof mpi.Intracomm);
});

test({
  name: "intercommunicator between the even and the odd ranks",
  ignore: size < 2 && "needs 2 ranks: one rank has no second group",
  fn() {
    using half = world.Split(rank % 2, rank);
    const inter = half.Create_intercomm(0, world, otherParity[0], 7);
    assert.ok(inter instanceof mpi.Intercomm);
    assert.equal(inter.Is_inter(), true);
    assert.deepEqual([inter.rank, inter.size], [half.rank, half.size]);
    assert.equal(inter.remote_size, otherParity.length);

    using worldGroup = world.Get_group();
    using local = inter.Get_group();
    using remote = inter.Get_remote_group();
    const ids = (g: mpi.Group) =>
      g.Translate_ranks([...Array(g.size).keys()], worldGroup);
    assert.deepEqual(ids(local), sameParity);
    assert.deepEqual(ids(remote), otherParity);

    // Everyone sends its world rank to remote rank 0, which checks them all.
    const sent = inter.Isend(new Int32Array([rank]), 0, 3);
    if (inter.rank === 0) {
      for (let j = 0; j < inter.remote_size; j++) {
        const got = new Int32Array(1);
        inter.Recv(got, j, 3);
        assert.equal(got[0], otherParity[j]);
      }
    }
    sent.Wait();
    // Values travel too: remote rank 0 answers each of its peers' rank 0.
    if (inter.rank === 0) {
      inter.send({ from: rank }, 0, 4);
      assert.deepEqual(inter.recv(0, 4), { from: otherParity[0] });
    }

    const evens = all.filter((r) => r % 2 === 0);
    const odds = all.filter((r) => r % 2 === 1);
    using evensFirst = inter.Merge(rank % 2 === 1);
    assert.ok(evensFirst instanceof mpi.Intracomm);
    assert.equal(evensFirst.size, size);
    assert.equal(evensFirst.rank, [...evens, ...odds].indexOf(rank));
    using oddsFirst = inter.Merge(rank % 2 === 0);
    assert.equal(oddsFirst.rank, [...odds, ...evens].indexOf(rank));
    assert.equal(allreduceSum(oddsFirst, rank), sum(all));

    using interDup = inter.Dup();
    assert.ok(interDup instanceof mpi.Intercomm);
    assert.equal(interDup.remote_size, otherParity.length);
    inter.Free();
    assertMPIError(() => inter.remote_size, mpi.ERR_COMM);
  },
});

test("bad arguments to the constructors name the argument", () => {
  using g = world.Get_group();
  // @ts-expect-error: not a group
  assertThrowsNaming(() => world.Create(world), TypeError, /group must/);
  // @ts-expect-error: not an info
  assertThrowsNaming(() => world.Dup_with_info({}), TypeError, /info must/);
  assertThrowsNaming(
    () => world.Split_type(0.5),
    RangeError,
    /splitType/,
  );
  assertThrowsNaming(
    () => world.Create_intercomm(size, world, 0),
    mpi.MPIError,
    /localLeader/,
  );
  // Every rank leads its own COMM_SELF, so every rank checks remoteLeader.
  assertThrowsNaming(
    () => mpi.COMM_SELF.Create_intercomm(0, world, size + 5),
    mpi.MPIError,
    /remoteLeader/,
  );
  assertThrowsNaming(
    // @ts-expect-error: not a communicator
    () => world.Create_intercomm(0, g, 0),
    TypeError,
    /peerComm/,
  );
  const gone = world.Get_group();
  gone.Free();
  assertMPIError(() => world.Create(gone), mpi.ERR_GROUP);
  const info = mpi.Info.Create();
  info.Free();
  assertMPIError(() => world.Dup_with_info(info), mpi.ERR_INFO);
  assertMPIError(() => mpi.COMM_NULL.Get_group(), mpi.ERR_COMM);
  assertMPIError(() => world.Create(mpi.GROUP_NULL), mpi.ERR_GROUP);
  world.Barrier();
});
