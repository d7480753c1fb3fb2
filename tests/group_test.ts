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

const { Group, GROUP_EMPTY, IDENT, SIMILAR, UNDEFINED, UNEQUAL } = mpi;
const all = [...Array(size).keys()];
const evenRanks = all.filter((r) => r % 2 === 0);
const oddRanks = all.filter((r) => r % 2 === 1);

/** The world ranks of the members of `g`, in `g`'s order. */
function members(g: mpi.Group, of: mpi.Group): number[] {
  return g.Translate_ranks([...Array(g.size).keys()], of);
}

test("Get_group mirrors the communicator; GROUP_EMPTY is empty", () => {
  using g = world.Get_group();
  assert.ok(g instanceof Group);
  assert.equal(g.size, size);
  assert.equal(g.rank, rank);
  assert.equal(g.Get_size(), size);
  assert.equal(g.Get_rank(), rank);
  assert.deepEqual(members(g, g), all);
  assert.equal(GROUP_EMPTY.size, 0);
  assert.equal(GROUP_EMPTY.rank, UNDEFINED);
  using self = mpi.COMM_SELF.Get_group();
  assert.deepEqual([self.size, self.rank], [1, 0]);
  assert.deepEqual(self.Translate_ranks([0], g), [rank]);
});

test("set algebra: Union, Intersection, Difference and Translate_ranks", () => {
  using g = world.Get_group();
  using evens = g.Incl(evenRanks);
  const odds = g.Incl(oddRanks);
  assert.deepEqual(members(evens, g), evenRanks);
  assert.deepEqual(members(odds, g), oddRanks);
  assert.equal(odds === GROUP_EMPTY, size === 1);
  assert.equal(evens.rank, rank % 2 === 0 ? rank / 2 : UNDEFINED);
  assert.equal(odds.rank, rank % 2 === 1 ? (rank - 1) / 2 : UNDEFINED);

  using union = Group.Union(evens, odds);
  assert.deepEqual(members(union, g), [...evenRanks, ...oddRanks]);
  assert.equal(union.Compare(g), size <= 2 ? IDENT : SIMILAR);
  assert.equal(Group.Intersection(evens, odds), GROUP_EMPTY);
  assert.equal(Group.Difference(evens, g), GROUP_EMPTY);
  using rest = Group.Difference(g, odds);
  assert.equal(rest.Compare(evens), IDENT);
  using same = Group.Union(g, GROUP_EMPTY);
  assert.equal(same.Compare(g), IDENT);
  using both = Group.Intersection(g, union);
  assert.deepEqual(members(both, g), all, "in the first group's order");

  assert.deepEqual(
    g.Translate_ranks(all, odds),
    all.map((r) => r % 2 === 1 ? (r - 1) / 2 : UNDEFINED),
  );
  assert.deepEqual(
    g.Translate_ranks(all, GROUP_EMPTY),
    all.map(() => UNDEFINED),
  );
  assert.deepEqual(g.Translate_ranks([mpi.PROC_NULL], evens), [mpi.PROC_NULL]);
  assert.deepEqual(g.Translate_ranks([], evens), []);
  odds.Free();
});

test("Incl, Excl, Range_incl and Range_excl", () => {
  using g = world.Get_group();
  const reversed = [...all].reverse();
  using rev = g.Incl(reversed);
  assert.equal(rev.rank, size - 1 - rank);
  assert.deepEqual(members(rev, g), reversed);
  assert.equal(g.Incl([]), GROUP_EMPTY);
  assert.equal(g.Excl(all), GROUP_EMPTY);
  using none = g.Excl([]);
  assert.equal(none.Compare(g), IDENT);

  using whole = g.Range_incl([[0, size - 1, 1]]);
  assert.equal(whole.Compare(g), IDENT);
  using down = g.Range_incl([[size - 1, 0, -1]]);
  assert.equal(down.Compare(rev), IDENT);
  using everyOther = g.Range_incl([[0, size - 1, 2]]);
  assert.deepEqual(members(everyOther, g), evenRanks);
  using ends = g.Range_incl(
    size > 1 ? [[size - 1, size - 1, 1], [0, 0, 1]] : [[0, 0, 1]],
  );
  assert.deepEqual(members(ends, g), size > 1 ? [size - 1, 0] : [0]);

  const oddsByRange = g.Range_excl([[0, size - 1, 2]]);
  assert.equal(oddsByRange === GROUP_EMPTY, size === 1);
  assert.deepEqual(members(oddsByRange, g), oddRanks);
  oddsByRange.Free();
  using withoutLast = g.Excl([size - 1]);
  assert.deepEqual(members(withoutLast, g), all.slice(0, -1));
  assert.equal(g.Range_excl([[0, size - 1, 1]]), GROUP_EMPTY);
});

test("Compare gives IDENT, SIMILAR and UNEQUAL", () => {
  using g = world.Get_group();
  using rev = g.Incl([...all].reverse());
  using first = g.Incl([0]);
  using dup = world.Dup();
  using dupGroup = dup.Get_group();
  assert.equal(g.Compare(g), IDENT);
  assert.equal(g.Compare(dupGroup), IDENT);
  assert.equal(g.Compare(rev), size === 1 ? IDENT : SIMILAR);
  assert.equal(g.Compare(first), size === 1 ? IDENT : UNEQUAL);
  assert.equal(g.Compare(GROUP_EMPTY), UNEQUAL);
  assert.equal(GROUP_EMPTY.Compare(GROUP_EMPTY), IDENT);
  using mine = g.Incl([rank]);
  using self = mpi.COMM_SELF.Get_group();
  assert.equal(self.Compare(mine), IDENT);
});

test("bad arguments name the argument; freed and null groups are MPIErrors", () => {
  const g = world.Get_group();
  assertThrowsNaming(() => g.Incl([size]), RangeError, /ranks\[0\] .*0\.\./);
  assertThrowsNaming(() => g.Excl([0, -1]), RangeError, /ranks\[1\]/);
  assertThrowsNaming(() => g.Incl([0, 0]), RangeError, /ranks\[1\] repeats/);
  assertThrowsNaming(() => g.Incl([0.5]), RangeError, /ranks\[0\]/);
  // @ts-expect-error: not a number
  assertThrowsNaming(() => g.Incl(["0"]), TypeError, /ranks\[0\]/);
  // @ts-expect-error: not an array
  assertThrowsNaming(() => g.Excl(0), TypeError, /ranks must be an array/);
  assertThrowsNaming(
    () => g.Range_incl([[0, size, 1]]),
    RangeError,
    /ranges\[0\]\[1\]/,
  );
  assertThrowsNaming(
    () => g.Range_excl([[0, 0, 1], [0, 0, 0]]),
    RangeError,
    /ranges\[1\] has stride 0/,
  );
  // @ts-expect-error: a pair, not a triple
  assertThrowsNaming(() => g.Range_incl([[0, 0]]), TypeError, /ranges\[0\]/);
  assertThrowsNaming(
    () => g.Translate_ranks([0, size], g),
    RangeError,
    /ranks\[1\]/,
  );
  // @ts-expect-error: not a group
  assertThrowsNaming(() => g.Compare(world), TypeError, /other/);
  // @ts-expect-error: not a group
  assertThrowsNaming(() => Group.Union(g, null), TypeError, /\bb must/);
  // MPI itself rejects overlapping ranges.
  assert.throws(
    () => g.Range_incl([[0, 0, 1], [0, 0, 1]]),
    mpi.MPIError,
  );

  assertMPIError(() => mpi.GROUP_NULL.size, mpi.ERR_GROUP);
  assertMPIError(() => g.Compare(mpi.GROUP_NULL), mpi.ERR_GROUP);
  g.Free();
  assertMPIError(() => g.rank, mpi.ERR_GROUP);
  assertMPIError(() => g.Incl([0]), mpi.ERR_GROUP);
  assertMPIError(() => Group.Union(GROUP_EMPTY, g), mpi.ERR_GROUP);
  g.Free(); // freeing twice is a no-op
  GROUP_EMPTY.Free(); // predefined: a no-op
  assert.equal(GROUP_EMPTY.size, 0);
});
