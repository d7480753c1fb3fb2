import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  rank,
  test,
} from "./_util.ts";

const { Info } = mpi;

test("Set, Get, Delete, Get_nkeys and Get_nthkey", () => {
  using info = Info.Create();
  assert.ok(info instanceof Info);
  assert.equal(info.Get_nkeys(), 0);
  assert.equal(info.Get("missing"), undefined);
  info.Set("rank", String(rank));
  info.Set("greeting", "héllo wörld ✓");
  info.Set("long", "v".repeat(200));
  assert.equal(info.Get("rank"), String(rank));
  assert.equal(info.Get("greeting"), "héllo wörld ✓");
  assert.equal(info.Get("long"), "v".repeat(200));
  info.Set("rank", `was ${rank}`);
  assert.equal(info.Get("rank"), `was ${rank}`);
  assert.equal(info.Get_nkeys(), 3);
  const keys = [0, 1, 2].map((i) => info.Get_nthkey(i));
  assert.deepEqual(keys.toSorted(), ["greeting", "long", "rank"]);
  info.Delete("long");
  assert.equal(info.Get("long"), undefined);
  assert.equal(info.Get_nkeys(), 2);
  assertMPIError(() => info.Delete("long"), mpi.ERR_INFO_NOKEY);
  assertThrowsNaming(() => info.Get_nthkey(2), RangeError, /n must be/);
  assertThrowsNaming(() => info.Get_nthkey(-1), RangeError, /n must be/);
});

test("Create from an object, a Map, pairs or an Info; Dup; Map-like views", () => {
  const expected = { a: "1", b: `rank ${rank}`, c: "three" };
  using fromObject = Info.Create(expected);
  using fromMap = Info.Create(new Map(Object.entries(expected)));
  using fromPairs = Info.Create(Object.entries(expected));
  using fromInfo = Info.Create(fromObject);
  for (const info of [fromObject, fromMap, fromPairs, fromInfo]) {
    assert.deepEqual(Object.fromEntries(info), expected);
    assert.deepEqual([...info.keys()].toSorted(), ["a", "b", "c"]);
    assert.deepEqual(new Map(info.entries()).get("b"), `rank ${rank}`);
  }
  using dup = fromObject.Dup();
  assert.deepEqual(Object.fromEntries(dup), expected);
  dup.Set("a", "changed");
  dup.Delete("c");
  assert.equal(fromObject.Get("a"), "1");
  assert.equal(fromObject.Get("c"), "three");
  assert.deepEqual(Object.fromEntries(dup), {
    a: "changed",
    b: `rank ${rank}`,
  });
  using empty = Info.Create({});
  assert.deepEqual([...empty], []);
});

test("INFO_ENV is readable and predefined; INFO_NULL is null", () => {
  const env = mpi.INFO_ENV;
  const entries = [...env];
  assert.equal(entries.length, env.Get_nkeys());
  for (const [key, value] of entries) assert.equal(env.Get(key), value);
  // Open MPI fills INFO_ENV from the launch; MPICH 4.0 leaves it empty
  const command = env.Get("command");
  if (/Open MPI/.test(mpi.Get_library_version())) {
    assert.match(command ?? "(none)", /deno|node|bun/);
  } else if (command !== undefined) {
    assert.match(command, /deno|node|bun/);
  }
  env.Free(); // predefined: a no-op
  using copy = env.Dup();
  copy.Set("mine", "yes");
  assert.equal(copy.Get("mine"), "yes");
  assert.equal(env.Get("mine"), undefined);
  assertMPIError(() => mpi.INFO_NULL.Get("x"), mpi.ERR_INFO);
  mpi.INFO_NULL.Free(); // a no-op
});

test("bad keys and values, and use after Free", () => {
  using info = Info.Create({ ok: "yes" });
  const tooLong = "k".repeat(mpi.MAX_INFO_KEY + 1);
  assertMPIError(() => info.Set(tooLong, "v"), mpi.ERR_INFO_KEY);
  assertThrowsNaming(() => info.Get(tooLong), mpi.MPIError, /key is \d+ bytes/);
  assertMPIError(() => info.Set("", "v"), mpi.ERR_INFO_KEY);
  assertMPIError(
    () => info.Set("k", "v".repeat(mpi.MAX_INFO_VAL + 1)),
    mpi.ERR_INFO_VALUE,
  );
  assertThrowsNaming(() => info.Set("a\0b", "v"), TypeError, /key .*NUL/);
  assertThrowsNaming(() => info.Set("k", "a\0b"), TypeError, /value .*NUL/);
  // @ts-expect-error: not a string
  assertThrowsNaming(() => info.Set(1, "v"), TypeError, /key must be a string/);
  // @ts-expect-error: not a string
  assertThrowsNaming(() => info.Set("k", 1), TypeError, /value must be/);
  // @ts-expect-error: not entries
  assertThrowsNaming(() => Info.Create(5), TypeError, /entries/);
  // @ts-expect-error: a value that is not a string
  assertThrowsNaming(() => Info.Create({ a: 1 }), TypeError, /value/);
  assert.deepEqual(Object.fromEntries(info), { ok: "yes" }, "unchanged");

  const gone = info.Dup();
  gone.Free();
  assertMPIError(() => gone.Get("ok"), mpi.ERR_INFO);
  assertMPIError(() => gone.Get_nkeys(), mpi.ERR_INFO);
  assertMPIError(() => [...gone], mpi.ERR_INFO);
  gone.Free(); // freeing twice is a no-op
});
