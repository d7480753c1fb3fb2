/**
 * Payloads as users send them, at every size cut-off of the codec and the
 * wire (below, at and above each), for the value tests.
 *
 * @module
 */
import { OUT_OF_BAND_MIN, ZERO_COPY_MIN } from "../core/codec.ts";

/** Strings up to this many units are copied by a loop (core/codec.ts). */
const SHORT_STRING = 64;
/** Multi-part messages up to this size are copied into one buffer (comm/wire.ts). */
const GATHER_MAX = 4 << 20;

function filled(n: number): Uint8Array {
  return new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
}

/** Sizes around a cut-off. */
const around = (n: number) => [n - 1, n, n + 1];

/** Every payload kind at every cut-off, with a name for messages. */
export function payloads(): [string, unknown][] {
  const out: [string, unknown][] = [
    ["small record", { a: 1, b: [1, 2, 3], c: "hello" }],
    [
      "records",
      Array.from({ length: 100 }, (_, i) => ({
        id: i,
        name: `item${i}`,
        score: i + 0.5,
        tags: ["a", "b"],
        ok: i % 2 === 0,
      })),
    ],
    ["numbers", Array.from({ length: 1000 }, (_, i) => i * 1.25 - 7)],
    ["map", new Map<unknown, unknown>([[1, "a"], ["k", { x: [1n] }]])],
    ["set", new Set([1, "two", 3.5, null])],
    // Sets of numbers from 8 members on travel as one run of doubles.
    ["number set 7", new Set([1, 2, 3, 4, 5, 6, 7])],
    ["number set 8", new Set([NaN, -0, Infinity, -1e-300, 2 ** 53, 0.1, 7, 8])],
    [
      "number set 100",
      new Set(Array.from({ length: 100 }, (_, i) => i - 50.5)),
    ],
    ["numbers then a string", new Set([...Array(9).keys(), "end"])],
    ["nested map in set", new Set([new Map([[new Set([1]), [2]]])])],
    ["lone surrogate", "x\ud800y"],
    ["long lone surrogate", "x".repeat(100) + "\udc00"],
    ["CJK", "中文".repeat(3000)],
  ];
  for (const n of [...around(SHORT_STRING), 8, 9, 1024, 16384]) {
    out.push([`ascii ${n}`, "a".repeat(n - 1) + "z"]);
    out.push([`non-ascii ${n}`, "é".repeat(n)]);
  }
  for (const n of around(OUT_OF_BAND_MIN)) {
    out.push([`Uint8Array ${n}`, filled(n)]);
    out.push([`two Uint8Array ${n}`, [filled(n), filled(n + 8)]]);
    out.push([`ArrayBuffer ${n}`, filled(n).buffer]);
    // ArrayBuffer parts between TypedArray parts of one value.
    out.push([`mixed parts ${n}`, [
      filled(n).buffer,
      filled(n + 8),
      filled(n + 16).buffer,
      new Float64Array(filled(8 * n).buffer),
    ]]);
  }
  // Whole messages around the zero-copy cut-off (a lone view's head is 24 bytes).
  for (const n of around(ZERO_COPY_MIN - 24)) {
    out.push([`Int8Array ${n}`, new Int8Array(filled(n).buffer)]);
  }
  for (const n of around(OUT_OF_BAND_MIN / 8)) {
    out.push([`Float64Array ${n}`, {
      x: new Float64Array(n).fill(1.5),
      y: new Float64Array(n).fill(-2),
    }]);
  }
  // Multi-part messages around the copy-or-datatype cut-off of the wire.
  for (const n of around(GATHER_MAX / 2)) {
    out.push([`two parts, ${n} B each`, [filled(n), filled(n)]]);
  }
  return out;
}
