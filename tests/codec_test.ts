// mpi4ts-test: np=1
/**
 * The value codec alone (no MPI traffic): every structured-clone kind
 * round-trips exactly as `structuredClone` would, shared and circular
 * references keep their identity, large TypedArrays travel out-of-band
 * without copies, and uncloneable values throw before anything is sent.
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { VIEW_KINDS } from "./_kinds.ts";
import { backend } from "../ffi/runtime.ts";
import {
  align8,
  decode,
  encode,
  type Encoded,
  OUT_OF_BAND_MIN,
  writeMessage,
  ZERO_COPY_MIN,
} from "../core/codec.ts";

/** The message a receiver sees: head, then each part 8-byte aligned. */
function concat(e: Encoded): Uint8Array {
  return writeMessage(e, new Uint8Array(e.byteLength));
}

const roundTrip = (v: unknown) => decode(concat(encode(v)));

test("every structured-clone kind round-trips like structuredClone", () => {
  const shared = { s: 1 };
  const cases: unknown[] = [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    1,
    -1,
    2 ** 31,
    -(2 ** 31),
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2n ** 63n - 1n,
    -(2n ** 63n),
    2n ** 64n,
    -(2n ** 200n),
    0n,
    "",
    "abc",
    "ünï",
    "𝄞",
    "\ud800x",
    "a".repeat(100_000),
    [1, [2, [3]]],
    [],
    {},
    { a: 1, b: "x", c: [1n] },
    Object.create(null),
    [1, , 3],
    new Uint8Array([1, 2, 3]),
    new Float64Array(10_000).map((_, i) => i),
    new Int16Array(new ArrayBuffer(16), 4, 2),
    new DataView(new ArrayBuffer(9)),
    new ArrayBuffer(5),
    new ArrayBuffer(20_000),
    new BigUint64Array([2n ** 64n - 1n]),
    new Date(5),
    new Map([[1, 2]]),
    new Set([1]),
    /x/g,
    new Error("e"),
    { m: new Map([[shared, shared]]), shared },
    {
      get g() {
        return 5;
      },
    },
  ];
  for (const [i, c] of cases.entries()) {
    assert.deepStrictEqual(roundTrip(c), structuredClone(c), `case ${i}`);
  }
});

test("Sets of numbers round-trip as runs, in order, below, at and past the run's minimum", () => {
  const special = [NaN, -0, 0.1, Infinity, -Infinity, 2 ** 53, -1e-300, 5e-324];
  for (const n of [0, 1, 7, 8, 9, 100, 1000]) {
    const members = Array.from({ length: n }, (_, i) => special[i] ?? i * 1.5);
    const set = new Set(members);
    const back = roundTrip(set) as Set<number>;
    assert.ok(back instanceof Set, `${n}`);
    // In insertion order, NaN kept, -0 stored as 0 (as a Set does).
    assert.deepStrictEqual([...back], [...set], `${n}`);
    if (n >= 2) assert.ok(Object.is([...back][1], 0), `${n}`);
  }
  // A member that is not a number, first, in the middle or last: the
  // general form, exactly.
  for (const at of [0, 4, 9]) {
    const members: unknown[] = [...Array(10).keys()];
    members.splice(at, 0, at === 4 ? { k: 1 } : "x");
    const set = new Set(members);
    assert.deepStrictEqual([...(roundTrip(set) as Set<unknown>)], members);
  }
  // One Set twice, and inside a record, is one object after the round trip.
  const s = new Set([...Array(12).keys()]);
  const [a, b, r] = roundTrip([s, s, { s }]) as [
    Set<number>,
    Set<number>,
    { s: Set<number> },
  ];
  assert.ok(a === b && a === r.s);
  assert.deepStrictEqual([...a], [...s]);
});

test("shared and circular references keep their identity", () => {
  const shared = { s: 1 };
  const pair = roundTrip([shared, shared]) as object[];
  assert.equal(pair[0], pair[1]);
  const circ: Record<string, unknown> = { a: 1 };
  circ.self = circ;
  const back = roundTrip(circ) as Record<string, unknown>;
  assert.equal(back.self, back);
});

test("references and repeated keys resolve before, at and past the 16th object", () => {
  // The memo searches a list of 16 and then a Map that takes the list over.
  for (const n of [15, 16, 17, 40]) {
    const objs = Array.from({ length: n }, (_, i) => ({ [`k${i}`]: i }));
    const back = roundTrip([...objs, ...objs.toReversed()]) as object[];
    assert.deepStrictEqual(back.slice(0, n), objs, `${n}`);
    for (let i = 0; i < n; i++) {
      assert.equal(back[i], back[2 * n - 1 - i], `${n}: object ${i}`);
    }
  }
});

test("messages in turn at different ranges of one buffer each decode as themselves, after rewrites too", () => {
  // The decoder keeps the views of recent message ranges (a collective's
  // pieces): a view of the wrong range, or bytes read from before a
  // rewrite, would decode the wrong value.
  const values = [{ a: 1, s: "one" }, "two", [3, 3, 3], { a: 4, s: "four" }];
  const buf = new Uint8Array(4096);
  const place = (vs: unknown[]) => {
    let at = 0;
    return vs.map((v) => {
      const e = encode(v), m = buf.subarray(at, at + e.byteLength);
      writeMessage(e, m);
      at = align8(at + e.byteLength);
      return m;
    });
  };
  const first = place(values);
  for (let round = 0; round < 3; round++) {
    first.forEach((m, i) => assert.deepEqual(decode(m, false), values[i]));
  }
  // Other values at the same offsets (and, for some, the same lengths).
  const next = [{ a: 9, s: "nin" }, "owt", [7, 7, 7], { a: 8, s: "eigh" }];
  const second = place(next);
  second.forEach((m, i) => assert.deepEqual(decode(m, false), next[i]));
  // More ranges than the decoder keeps, then the first ones again.
  const many = Array.from({ length: 20 }, (_, i) => ({ i }));
  const third = place(many);
  for (let round = 0; round < 2; round++) {
    third.forEach((m, i) => assert.deepEqual(decode(m, false), many[i]));
  }
});

test("views of one buffer travel each as its own bytes, out-of-band too", () => {
  // structuredClone would keep them sharing the buffer; node:v8 copies each
  // view on its own, and so does the codec, without falling back to it.
  for (const n of [16, OUT_OF_BAND_MIN]) {
    const whole = new ArrayBuffer(3 * n);
    const a = new Uint8Array(whole, 0, n).fill(1);
    const b = new Float64Array(whole, n, n / 8).fill(2.5);
    const c = new Uint8Array(whole, 2 * n, n).fill(3);
    const overlap = new Uint32Array(whole, n - 4, 2);
    const e = encode([a, b, c, overlap]);
    assert.equal(e.parts.length, n < OUT_OF_BAND_MIN ? 0 : 3, `${n}: native`);
    const back = decode(concat(e)) as [
      Uint8Array,
      Float64Array,
      Uint8Array,
      Uint32Array,
    ];
    const want = [a.slice(), b.slice(), c.slice(), overlap.slice()];
    assert.deepEqual(back, want, `${n}`);
    back[0].fill(9);
    assert.deepEqual(back.slice(1), want.slice(1), "each has bytes of its own");
  }
});

test("the in-band TypedArrays of a value share one allocation, each 8-byte aligned", () => {
  const v = {
    a: new Uint8Array([1, 2, 3]),
    b: new Float64Array([1.5, -2]),
    c: [new Int16Array([-7]), new ArrayBuffer(5)],
  };
  const e = encode(v);
  const message = concat(e);
  const back = decode(message) as typeof v;
  assert.deepEqual(back, structuredClone(v));
  const c0 = back.c[0] as Int16Array;
  assert.equal(back.a.buffer, back.b.buffer);
  assert.equal(back.a.buffer, c0.buffer);
  assert.equal(back.a.buffer.byteLength, 8 + 16 + 8, "exactly their room");
  assert.deepEqual([back.a.byteOffset, back.b.byteOffset, c0.byteOffset], [
    0,
    8,
    24,
  ]);
  assert.equal((back.c[1] as ArrayBuffer).byteLength, 5, "exact ArrayBuffer");
  // A corrupt room is an error, never a write outside the allocation.
  for (const room of [8, 2 * message.byteLength + 8]) {
    const bad = message.slice();
    new DataView(bad.buffer).setUint32(12, room, true);
    assert.throws(() => decode(bad), TypeError, `room ${room}`);
  }
});

test("long strings round-trip in both wire forms, UTF-8 and UTF-16, whichever this runtime writes", () => {
  const strings = [
    "a".repeat(100),
    "é".repeat(100),
    "中文".repeat(60),
    "x".repeat(70) + "\ud800" + "y".repeat(10), // a lone surrogate
    "😀".repeat(40),
  ];
  const seam = backend as { wideText: boolean };
  const own = seam.wideText;
  try {
    for (const wide of [false, true]) {
      seam.wideText = wide;
      for (const s of strings) {
        const back = roundTrip({ s }) as { s: string };
        assert.equal(back.s, s, `wide ${wide}: ${s.slice(0, 8)}`);
      }
    }
  } finally {
    seam.wideText = own;
  }
});

test("references past the first 16 objects, and nested records of one shape", () => {
  // The encoder keeps its first 16 objects in a list and the rest in a Map.
  const many = Array.from({ length: 40 }, (_, i) => ({ i }));
  const again = roundTrip([...many, many[3], many[30], many]) as unknown[];
  assert.equal(again[40], again[3]);
  assert.equal(again[41], again[30]);
  assert.deepEqual((again[42] as unknown[]).slice(0, 40), again.slice(0, 40));
  assert.equal((again[42] as unknown[])[39], again[39]);
  // Records repeating the keys of the one before, nested in one another.
  type Tree = { a: number; b: Tree | null; c?: string };
  const tree: Tree = { a: 1, b: { a: 2, b: { a: 3, b: null } } };
  const list = [tree, { a: 4, b: tree.b }, { a: 5, b: null, c: "x" }, {
    b: null,
    a: 6,
  }];
  const back = roundTrip(list) as Tree[];
  assert.deepEqual(back, structuredClone(list));
  assert.equal(back[1].b, back[0].b);
  assert.deepEqual(Object.keys(back[3]), ["b", "a"]);
});

test("records whose keys repeat, extend, shorten or reorder the last ones keep their own keys", () => {
  const list: Record<string, unknown>[] = [
    { a: 1, b: 2, c: 3 },
    { a: 1, b: 2 }, // a prefix
    { a: 1, b: 2, c: 3, d: 4 }, // longer
    // The last keys again, but a nested object takes the next id first.
    [{ a: { z: 1 }, b: 2 }, { a: 1, b: 2 }],
    { a: 1, c: 3, b: 2 }, // same keys, other order
    { 2: "two", 1: "one", z: 0 }, // integer keys come first
    {},
    { a: { a: { a: 1, b: 2 }, b: 2 }, b: { b: 1 } }, // nested, one shape inside another
    Object.assign(Object.create(null), { a: 1, n: null }),
    { a: 9, b: 8, c: 7 },
  ];
  const back = roundTrip(list) as Record<string, unknown>[];
  assert.deepEqual(back, structuredClone(list));
  back.forEach((o, i) =>
    assert.deepEqual(Object.keys(o), Object.keys(list[i]))
  );
});

test("each message of a sequence writes its own keys, whatever shapes the last message ended with", () => {
  // The encoder carries the last object's keys over to the next message;
  // there they must be written out again, or a message refers to keys only
  // an earlier one holds. Each message is decoded alone, in a new order too.
  const record = { a: 1, b: [1, 2, 3], c: "hello" };
  const sequence: unknown[] = [
    record,
    record, // the same shape again: its keys written anew
    { a: { b: 1 }, b: 2 }, // a prefix of it, with a nested object of one key
    { b: 1, a: 2 }, // the nested object's keys, then others
    [{ c: 1 }, record], // another shape first
    { a: 1, b: 2, c: 3, d: 4 }, // longer
    // The last keys again, but a nested object takes the next id first.
    [{ a: { z: 1 }, b: 2 }, { a: 1, b: 2 }],
    { x: { a: 1, b: 2, c: 3 }, a: 1, b: 2, c: 3 },
    { c: 1, a: 2, b: 3 }, // same keys, other order
    record,
    "no object at all",
    record,
    { a: 1 },
    { a: 1, b: 2 },
  ];
  const messages = sequence.map((v) => concat(encode(v)));
  for (const order of [[...messages.keys()], [...messages.keys()].reverse()]) {
    for (const i of order) {
      const back = decode(messages[i]);
      assert.deepEqual(back, structuredClone(sequence[i]), `message ${i}`);
      if (typeof back === "object" && !Array.isArray(back)) {
        assert.deepEqual(
          Object.keys(back as object),
          Object.keys(sequence[i] as object),
        );
      }
    }
  }
});

test("a back-reference to an object or key of an earlier message is corrupt, not that object", () => {
  // The decoder reuses its lists between messages: a reference may name
  // only what this message has read.
  const message = (body: number[]) => {
    const bytes = new Uint8Array(align8(16 + body.length));
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, 0x7434706d, true); // magic
    dv.setUint32(4, bytes.length, true); // head length: all of it
    bytes.set(body, 16);
    return bytes;
  };
  const u32 = (
    v: number,
  ) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
  const [ARRAY, OBJECT, INT32, REF] = [9, 10, 4, 16];
  const KEY_REF = 0x40000000;
  const refTo = (i: number) =>
    message([ARRAY, ...u32(2), OBJECT, ...u32(0), REF, ...u32(i)]);
  const keyRefTo = (i: number) =>
    message([OBJECT, ...u32(1), ...u32(KEY_REF | i), INT32, ...u32(7)]);
  // Earlier messages with many objects and keys.
  const earlier = Array.from({ length: 20 }, (_, i) => ({ [`k${i}`]: { i } }));
  assert.deepEqual(roundTrip(earlier), earlier);
  const back = decode(refTo(1)) as unknown[];
  assert.deepEqual(back, [{}, {}]);
  assert.equal(back[1], back[0]); // a valid reference names this message's object
  assert.throws(
    () => decode(refTo(2)),
    /value message is corrupt.*reference 2/,
  );
  assert.throws(
    () => decode(refTo(19)),
    /value message is corrupt.*reference 19/,
  );
  assert.deepEqual(roundTrip(earlier), earlier);
  assert.throws(() => decode(keyRefTo(0)), /value message is corrupt.*key 0/);
  assert.throws(() => decode(keyRefTo(5)), /value message is corrupt.*key 5/);
});

test("inherited enumerable properties are not sent, as structuredClone skips them", () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto.polluted = "yes";
  try {
    const v = [{ a: 1, b: [2] }, { a: 3, b: [4] }];
    const back = roundTrip(v) as Record<string, unknown>[];
    assert.deepEqual(back.map((o) => Object.keys(o)), [["a", "b"], ["a", "b"]]);
    assert.deepEqual(back, [{ a: 1, b: [2] }, { a: 3, b: [4] }]);
  } finally {
    delete proto.polluted;
  }
  // And once the prototype is clean again, the fast path is back.
  assert.deepEqual(roundTrip({ a: 1 }), { a: 1 });
});

test("large TypedArrays are out-of-band parts of the caller's own memory", () => {
  const big = new Float64Array(OUT_OF_BAND_MIN);
  const e = encode({ big, small: new Uint8Array(4) });
  assert.equal(e.parts.length, 1);
  assert.equal(e.parts[0].buffer, big.buffer, "no copy on send");
  assert.equal(e.head.byteLength % 8, 0);
  assert.ok(e.byteLength >= e.head.byteLength + big.byteLength);
  const message = concat(e);
  assert.ok(message.byteLength >= ZERO_COPY_MIN);
  const back = decode(message) as { big: Float64Array };
  assert.equal(
    back.big.buffer,
    message.buffer,
    "zero-copy decode of a large message",
  );
  assert.equal(back.big.byteOffset % 8, 0);
});

test("functions and symbols throw TypeError", () => {
  for (
    const bad of [
      () => 1,
      Symbol("x"),
      { f() {} },
      [Symbol.iterator],
      new Map([[1, () => 1]]),
    ]
  ) {
    assert.throws(() => encode(bad), TypeError);
  }
});

test("random nested values round-trip (seeded)", () => {
  let seed = 42;
  const rand = () =>
    (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const gen = (depth: number): unknown => {
    const k = Math.floor(rand() * (depth > 3 ? 6 : 10));
    switch (k) {
      case 0:
        return Math.floor(rand() * 1e9) - 5e8;
      case 1:
        return rand() * 1e6;
      case 2:
        return String.fromCharCode(
          ...Array.from(
            { length: Math.floor(rand() * 20) },
            () => 32 + Math.floor(rand() * 2000),
          ),
        );
      case 3:
        return BigInt(Math.floor(rand() * 1e15)) *
          (rand() < 0.5 ? -1n : 1n) ** 1n * 1000003n;
      case 4:
        return rand() < 0.5 ? null : undefined;
      case 5:
        return new Float32Array(Math.floor(rand() * 8)).map(() => rand());
      case 6:
        return Array.from(
          { length: Math.floor(rand() * 5) },
          () => gen(depth + 1),
        );
      case 7:
        return Object.fromEntries(
          Array.from(
            { length: Math.floor(rand() * 5) },
            (_, i) => [`k${i}`, gen(depth + 1)],
          ),
        );
      case 8:
        return new Date(Math.floor(rand() * 1e12));
      default:
        return new Set([gen(depth + 1)]);
    }
  };
  for (let i = 0; i < 2000; i++) {
    const v = gen(0);
    assert.deepStrictEqual(roundTrip(v), structuredClone(v), `case ${i}`);
  }
});

test("align8 stays exact past 2^31 (message layouts of huge values)", () => {
  assert.equal(align8(0), 0);
  assert.equal(align8(1), 8);
  assert.equal(align8(2 ** 31 + 1), 2 ** 31 + 8);
  assert.equal(align8(2.2e9 + 3), 2.2e9 + 8);
  assert.equal(align8(2 ** 40 + 8), 2 ** 40 + 8);
});

test("a lone TypedArray of every kind round-trips; a truncated message is a TypeError", () => {
  const kinds = [
    new Int8Array([-1, 2]),
    new Uint8Array([1, 255]),
    new Uint8ClampedArray([0, 255]),
    new Int16Array([-300, 300]),
    new Uint16Array([65535]),
    new Int32Array([-(2 ** 31), 7]),
    new Uint32Array([2 ** 32 - 1]),
    new Float32Array([1.5, -0]),
    new Float64Array([Math.PI, NaN]),
    new BigInt64Array([-(2n ** 63n)]),
    new BigUint64Array([2n ** 64n - 1n]),
    new DataView(new Uint8Array([9, 8, 7]).buffer),
    new Uint8Array(0),
  ];
  for (const v of kinds) {
    const e = encode(v);
    const back = decode(writeMessage(e, new Uint8Array(e.byteLength)));
    assert.deepEqual(back, structuredClone(v), v.constructor.name);
    assert.equal(
      (back as ArrayBufferView).buffer.byteLength,
      v.byteLength,
      "the received view owns exactly its bytes",
    );
  }
  const e = encode(new Float64Array(4));
  const whole = writeMessage(e, new Uint8Array(e.byteLength));
  assert.throws(() => decode(whole.slice(0, 30)), TypeError);
});

test("a lone large TypedArray of every kind round-trips as a view of the message, or a copy when unaligned", () => {
  const n = OUT_OF_BAND_MIN + 24; // bytes
  const pattern = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 0xff);
  for (const Kind of VIEW_KINDS) {
    const v = new Kind(pattern.slice().buffer);
    const e = encode(v);
    assert.equal(e.parts.length, 1, Kind.name);
    const message = concat(e);
    const back = decode(message) as ArrayBufferView;
    assert.equal(back.constructor, Kind);
    assert.deepEqual(back, structuredClone(v), Kind.name);
    assert.equal(back.buffer, message.buffer, `${Kind.name}: a view, no copy`);
    const shifted = new Uint8Array(message.byteLength + 1);
    shifted.set(message, 1);
    const copy = decode(shifted.subarray(1)) as ArrayBufferView;
    assert.deepEqual(copy, structuredClone(v), `${Kind.name}, unaligned`);
    assert.equal(copy.buffer.byteLength, n, "the copy owns exactly its bytes");
    assert.throws(
      () => decode(message.slice(0, message.byteLength - 32)),
      TypeError,
      `${Kind.name}, truncated`,
    );
  }
});
