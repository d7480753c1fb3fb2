/**
 * The value codec: structured-clone semantics at memcpy speed.
 *
 * Values made only of primitives, plain arrays and objects, Dates,
 * ArrayBuffers, DataViews and TypedArrays are written in a compact tagged
 * binary form (shared and circular references kept as back-references);
 * TypedArrays and ArrayBuffers of `OUT_OF_BAND_MIN` bytes or more are not
 * copied at all but travel as out-of-band *parts*, like pickle protocol 5
 * buffers. Any other value (Map, Set, RegExp, Error, class instances, sparse
 * arrays, ...) is encoded whole by `node:v8`, whose result is exactly
 * `structuredClone`'s. Functions and symbols throw `TypeError` up front.
 *
 * Wire layout of one message (8-byte aligned throughout):
 *
 * ```
 * head:  u32 magic | u32 headLength | u32 partCount | u32 inlineBytes | f64 partLength × n | body | pad
 * parts: part 0 | pad | part 1 | pad | ...
 * ```
 *
 * A TypedArray travels as the bytes it views (not its whole backing buffer).
 * `inlineBytes` is the room the in-band TypedArrays take, each rounded up
 * to 8 bytes (0 if none, or beyond `u32`): the decoder gives them all one
 * allocation.
 *
 * @module
 */
import {
  deserialize as v8Deserialize,
  serialize as v8Serialize,
} from "node:v8";
import { Buffer } from "node:buffer";
import { freshBuffer } from "./spare.ts";
import { Memo } from "./memo.ts";
import { backend } from "../ffi/runtime.ts";

/** Result of encoding: `head` holds the header and all inline data; `parts` follow it out-of-band. */
export interface Encoded {
  /** Header and inline data. May view reused memory: valid until the next `encode`. */
  head: Uint8Array;
  /** Large byte ranges of the value, sent after `head` without copying. */
  parts: Uint8Array[];
  /** Total message size: head, parts, and the padding that aligns each part to 8 bytes. */
  byteLength: number;
}

/** TypedArrays and ArrayBuffers from this many bytes up travel out-of-band. */
export const OUT_OF_BAND_MIN = 8192;

/** Messages from this many bytes up are decoded zero-copy (their parts become views). */
export const ZERO_COPY_MIN = OUT_OF_BAND_MIN;

const MAGIC = 0x7434706d; // "mp4t"

/**
 * `n` rounded up to a multiple of 8. Exact beyond 2^31, where `(n + 7) & ~7`
 * would wrap: only the low three bits go through 32-bit arithmetic.
 */
export function align8(n: number): number {
  return n + (-n & 7);
}
const HEADER = 16;

/**
 * Bytes `start` to `end` of `b`, as a new view of the same memory. Same as
 * `b.subarray(start, end)` without its species lookup, which Deno's
 * runtime makes take the slow path (0.33 µs against 0.1 µs, measured).
 *
 * @example
 * ```ts
 * const b = new Uint8Array(16);
 * const middle = bytesOf(b, 4, 12); // 8 bytes, b's memory
 * ```
 */
export function bytesOf(b: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset + start, end - start);
}

const enum Tag {
  Undefined = 0,
  Null,
  True,
  False,
  Int32,
  Float64,
  String,
  BigInt64,
  BigIntText,
  Array,
  Object,
  View,
  ViewPart,
  Buffer,
  BufferPart,
  Date,
  Ref,
  V8,
  Map,
  Set,
  Numbers,
  /** A string as UTF-16LE bytes (see `wideText`). */
  String16,
  /** A `Set` of numbers as one run of doubles (see `numbers`). */
  NumberSet,
}

/** TypedArray kinds (and `DataView`) by wire code. */
export const VIEWS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
] as const;

type ViewCtor = typeof VIEWS[number];
const VIEW_CODE = new Map<unknown, number>(VIEWS.map((c, i) => [c, i]));
const UINT8 = VIEW_CODE.get(Uint8Array)!;

/** Thrown inside the encoder when a value needs the general (v8) encoding. */
const FALLBACK = Symbol("fallback");

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

// ------------------------------------------------------------- encoder

let out = new Uint8Array(1 << 16);
let dv = new DataView(out.buffer);
let pos = 0;
/** Out-of-band parts so far (`NO_PARTS`, shared, until the first). */
let parts: Uint8Array[] = [];
/** Room the in-band TypedArrays written so far take (see `inlineBytes`). */
let inlineViews = 0;
/** Objects written so far in this message, for back-references. */
const seen = new Memo<object>();

function reserve(n: number): void {
  if (pos + n <= out.length) return;
  const bigger = new Uint8Array(Math.max(out.length * 2, pos + n + 1024));
  bigger.set(bytesOf(out, 0, pos));
  out = bigger;
  dv = new DataView(out.buffer);
}

function u8(v: number): void {
  reserve(1);
  out[pos++] = v;
}

function u32(v: number): void {
  reserve(4);
  dv.setUint32(pos, v, true);
  pos += 4;
}

function f64(v: number): void {
  reserve(8);
  dv.setFloat64(pos, v, true);
  pos += 8;
}

function bytes(b: Uint8Array): void {
  reserve(b.byteLength);
  out.set(b, pos);
  pos += b.byteLength;
}

/** Set in a string's length word when its bytes are all ASCII (decoded as latin1). */
const ASCII_BIT = 0x80000000;

/** Strings up to this many UTF-16 units are copied by a loop; longer ones by `encodeInto`. */
const SHORT_STRING = 64;

function str(s: string): void {
  const n = s.length;
  reserve(4 + 3 * n);
  const at = pos + 4;
  if (n <= SHORT_STRING) {
    // encodeInto costs ~0.3 µs a call whatever the length: too much for keys.
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      out[at + i] = c;
    }
    if (i === n) {
      dv.setUint32(pos, (n | ASCII_BIT) >>> 0, true);
      pos = at + n;
      return;
    }
  }
  // encodeInto copies one-byte strings at memcpy speed; a JavaScript loop
  // over charCodeAt cost 100 µs at 16 KiB.
  const written =
    textEncoder.encodeInto(s, bytesOf(out, at, out.length)).written;
  // As many bytes as UTF-16 units means every unit was ASCII.
  const ascii = written === n;
  if (!ascii && !s.isWellFormed()) throw FALLBACK; // UTF-8 cannot carry lone surrogates
  dv.setUint32(pos, ascii ? (written | ASCII_BIT) >>> 0 : written, true);
  pos = at + written;
}

/**
 * A long string where the runtime writes UTF-8 slowly or reads it slowly
 * (Node reads 16 KiB of non-ASCII UTF-8 in 155 µs, UTF-16 in 6 µs; Bun
 * writes it in 111 µs, UTF-16 in 1 µs): ASCII as ASCII, anything else as
 * UTF-16LE after the `String16` tag (which also carries lone surrogates).
 * Every runtime reads both forms.
 */
function wide(s: string): void {
  const n = s.length;
  reserve(4 + 2 * n);
  const at = pos + 4;
  // The UTF-8 length is counted at memory speed; equal to the number of
  // UTF-16 units only when every unit is ASCII.
  if (Buffer.byteLength(s, "utf8") === n) {
    latin1Write.call(out, s, at, n);
    dv.setUint32(pos, (n | ASCII_BIT) >>> 0, true);
    pos = at + n;
    return;
  }
  out[pos - 1] = Tag.String16; // in place of the `String` tag just written
  ucs2Write.call(out, s, at, 2 * n);
  dv.setUint32(pos, 2 * n, true);
  pos = at + 2 * n;
}

type Write = (this: Uint8Array, s: string, at: number, n: number) => number;
const latin1Write = (Buffer.prototype as unknown as { latin1Write: Write })
  .latin1Write;
const ucs2Write = (Buffer.prototype as unknown as { ucs2Write: Write })
  .ucs2Write;

function asBytes(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return ArrayBuffer.isView(v)
    ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    : new Uint8Array(v);
}

function viewOrBuffer(v: ArrayBufferView | ArrayBuffer, code: number): void {
  // Each view travels as the bytes it views, also when views share a buffer
  // (node:v8 did the same: it copies each view on its own).
  const b = asBytes(v);
  const isView = code >= 0;
  if (b.byteLength >= OUT_OF_BAND_MIN) {
    u8(isView ? Tag.ViewPart : Tag.BufferPart);
    if (isView) u8(code);
    u32(parts.length);
    if (parts === NO_PARTS) parts = [b];
    else parts.push(b);
    return;
  }
  u8(isView ? Tag.View : Tag.Buffer);
  if (isView) {
    u8(code);
    inlineViews += align8(b.byteLength);
  }
  u32(b.byteLength);
  bytes(b);
}

function value(v: unknown): void {
  switch (typeof v) {
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) {
        u8(Tag.Int32);
        reserve(4);
        dv.setInt32(pos, v, true);
        pos += 4;
      } else {
        u8(Tag.Float64);
        f64(v);
      }
      return;
    case "string":
      u8(Tag.String);
      if (v.length > SHORT_STRING && backend.wideText) wide(v);
      else str(v);
      return;
    case "boolean":
      u8(v ? Tag.True : Tag.False);
      return;
    case "undefined":
      u8(Tag.Undefined);
      return;
    case "bigint":
      if (BigInt.asIntN(64, v) === v) {
        u8(Tag.BigInt64);
        reserve(8);
        dv.setBigInt64(pos, v, true);
        pos += 8;
      } else {
        u8(Tag.BigIntText);
        str(v.toString(16));
      }
      return;
    case "object":
      if (v === null) u8(Tag.Null);
      else object(v);
      return;
    default:
      throw new TypeError(`${typeof v} values cannot be cloned: ${String(v)}`);
  }
}

function object(o: object): void {
  const ref = seen.indexOrAdd(o);
  if (ref >= 0) {
    u8(Tag.Ref);
    u32(ref);
    return;
  }
  if (Array.isArray(o)) return array(o);
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) {
    return plain(o as Record<string, unknown>, proto === null);
  }
  const code = VIEW_CODE.get(o.constructor);
  if (code !== undefined && proto === code_proto(code)) {
    return viewOrBuffer(o as ArrayBufferView, code);
  }
  if (proto === ArrayBuffer.prototype) {
    if ((o as ArrayBuffer).resizable) throw FALLBACK;
    return viewOrBuffer(o as ArrayBuffer, -1);
  }
  if (proto === Date.prototype) {
    u8(Tag.Date);
    f64((o as Date).getTime());
    return;
  }
  if (proto === Map.prototype) return map(o as Map<unknown, unknown>);
  if (proto === Set.prototype) return set(o as Set<unknown>);
  throw FALLBACK;
}

function code_proto(code: number): object {
  return VIEWS[code].prototype;
}

/** Arrays of this many numbers or more are written as one run of doubles. */
const NUMBERS_MIN = 8;

function array(a: unknown[]): void {
  const n = a.length;
  if (n >= NUMBERS_MIN && allNumbers(a, n)) return numbers(a as number[], n);
  u8(Tag.Array);
  u32(n);
  for (let i = 0; i < n; i++) {
    if (!(i in a)) throw FALLBACK; // holes: let v8 keep them
    value(a[i]);
  }
}

function allNumbers(a: unknown[], n: number): boolean {
  for (let i = 0; i < n; i++) if (typeof a[i] !== "number") return false;
  return true; // a hole reads as undefined: not a number
}

// A list of numbers as one tag, a length and n doubles: decoding reads them
// in one loop instead of dispatching on a tag per element.
function numbers(a: number[], n: number): void {
  reserve(5 + 8 * n);
  out[pos] = Tag.Numbers;
  dv.setUint32(pos + 1, n, true);
  let at = pos + 5;
  for (let i = 0; i < n; i++, at += 8) dv.setFloat64(at, a[i], true);
  pos = at;
}

/** Set in a key's length word when it repeats an earlier key (its index follows). */
const KEY_REF = 0x40000000;
/** Keys written so far in this message, by index: records repeat theirs. */
const keyIds = new Memo<string>();

/**
 * The key list of the last object written, and the ids of its keys: records
 * of one shape repeat it, and comparing interned key strings is cheaper
 * than looking each up in `keyIds` (encoding 100 records: 32 -> 28 µs).
 */
let lastKeys: string[] = [];
let lastIds: number[] = [];
/**
 * Messages begun so far, and the one whose memo `lastIds` index: the last
 * object's keys carry over to the next message (a program sends records of
 * one shape again and again), but there each is written out again.
 */
let message = 0, keysOf = 0;

/**
 * Writes a plain object. Its properties are read inside `for...in`, where
 * V8 loads each value through the shape's enum cache: reading them by the
 * names `Object.keys` returns took 3× as long (100 records: 33 µs against
 * 10). `for...in` also walks inherited enumerable properties, which
 * structuredClone skips: while `Object.prototype` has any, objects go the
 * `Object.keys` way (`bare`: the object has no prototype at all).
 */
function plain(o: Record<string, unknown>, bare: boolean): void {
  if (!bare && !prototypeClean()) {
    return plainByKeys(o);
  }
  u8(Tag.Object);
  const countAt = pos;
  u32(0);
  // Records of one shape repeat the last object's keys: while they match,
  // their ids are known. Nested objects may replace `lastKeys`, not change it.
  const same = lastKeys, sameIds = lastIds, known = keysOf === message;
  let n = 0, keys: string[] | null = null, ids: number[] = sameIds;
  for (const k in o) {
    if (keys === null && n < same.length && same[n] === k) {
      if (known) u32(sameIds[n] | KEY_REF);
      else {
        // From an earlier message: written again, and its id still holds
        // if it comes out the same (the first object of each message).
        const id = key(k);
        if (id !== sameIds[n]) {
          keys = same.slice(0, n);
          ids = sameIds.slice(0, n);
          keys.push(k);
          ids.push(id);
        }
      }
    } else {
      if (keys === null) {
        keys = same.slice(0, n);
        ids = sameIds.slice(0, n);
      }
      keys.push(k);
      ids.push(key(k));
    }
    value(o[k]);
    n++;
  }
  dv.setUint32(countAt, n, true);
  // Only now: a nested object of the same keys must not see half the ids.
  if (keys !== null) {
    lastKeys = keys;
    lastIds = ids;
  } else if (n !== same.length) {
    lastKeys = same.slice(0, n);
    lastIds = sameIds.slice(0, n);
  }
  keysOf = message;
}

/**
 * Writes a key and returns its id. Like pickle's memo, a key already
 * written in this message is written as its id.
 */
function key(k: string): number {
  let id = keyIds.indexOrAdd(k);
  if (id < 0) {
    id = keyIds.size - 1;
    str(k);
  } else {
    u32(id | KEY_REF);
  }
  return id;
}

/** Whether `Object.prototype` has no enumerable property (checked once a message). */
function prototypeClean(): boolean {
  if (protoState === 0) {
    protoState = 1;
    for (const _ in Object.prototype) {
      protoState = 2;
      break;
    }
  }
  return protoState === 1;
}

/** 0: not checked in this message; 1: clean; 2: has enumerable properties. */
let protoState = 0;

/** `plain` by `Object.keys`, for when `for...in` would see inherited properties. */
function plainByKeys(o: Record<string, unknown>): void {
  const keys = Object.keys(o), n = keys.length;
  u8(Tag.Object);
  u32(n);
  const ids: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = key(keys[i]);
    value(o[keys[i]]);
  }
  lastKeys = keys;
  lastIds = ids;
  keysOf = message;
}

// structuredClone keeps a Map's or Set's entries in insertion order and
// ignores other own properties; so do these. node:v8 took 80 µs for a Map of
// 100 entries.
function map(m: Map<unknown, unknown>): void {
  u8(Tag.Map);
  u32(m.size);
  for (const [k, v] of m) {
    value(k);
    value(v);
  }
}

function set(st: Set<unknown>): void {
  const n = st.size;
  if (n >= NUMBERS_MIN && numberSet(st, n)) return;
  u8(Tag.Set);
  u32(n);
  for (const v of st) value(v);
}

/**
 * Writes a `Set` of numbers as one run of doubles, as `numbers` does a
 * list: decoding then adds them in one loop, with no tag per element.
 * Returns false, having written nothing, when a member is not a number.
 */
function numberSet(st: Set<unknown>, n: number): boolean {
  reserve(5 + 8 * n);
  let at = pos + 5;
  for (const v of st) {
    if (typeof v !== "number") return false;
    dv.setFloat64(at, v, true);
    at += 8;
  }
  out[pos] = Tag.NumberSet;
  dv.setUint32(pos + 1, n, true);
  pos = at;
  return true;
}

function reset(): void {
  pos = HEADER;
  parts = NO_PARTS;
  inlineViews = 0;
  seen.reset();
  protoState = 0;
  keyIds.reset();
  message++;
}

function finish(): Encoded {
  // Part lengths go in the header, before the body: shift the body once.
  const n = parts.length;
  if (n) {
    reserve(8 * n);
    out.copyWithin(HEADER + 8 * n, HEADER, pos);
    pos += 8 * n;
    for (let i = 0; i < n; i++) {
      dv.setFloat64(HEADER + 8 * i, parts[i].byteLength, true);
    }
  }
  const headLength = align8(pos);
  reserve(headLength - pos);
  // At most 7 bytes: a loop beats the fill builtin's call.
  for (let i = pos; i < headLength; i++) out[i] = 0;
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, headLength, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, inlineViews <= 0xffffffff ? inlineViews : 0, true);
  let total = headLength;
  for (const p of parts) total = align8(total) + p.byteLength;
  return { head: headView(headLength), parts, byteLength: align8(total) };
}

function encodeV8(v: unknown): Encoded {
  let blob: Uint8Array;
  try {
    blob = v8Serialize(v);
  } catch (error) {
    throw new TypeError(`value cannot be cloned: ${(error as Error).message}`, {
      cause: error,
    });
  }
  reset();
  u8(Tag.V8);
  u32(blob.byteLength);
  bytes(blob);
  return finish();
}

/**
 * Encodes a value. `head` may view reused memory: copy it if the message
 * outlives the next `encode` call (nonblocking sends do).
 *
 * @example
 * ```ts
 * const e = encode({ a: 7, b: [1n, "x"] });
 * const bytes = writeMessage(e, new Uint8Array(e.byteLength));
 * const back = decode(bytes); // deep-equal to a structuredClone of the value
 * ```
 */
export function encode(v: unknown): Encoded {
  reset();
  try {
    // A lone TypedArray needs no reference tracking.
    const code = typeof v === "object" && v !== null
      ? VIEW_CODE.get(v.constructor)
      : undefined;
    if (
      code !== undefined && Object.getPrototypeOf(v) === VIEWS[code].prototype
    ) {
      const b = asBytes(v as ArrayBufferView);
      return b.byteLength < OUT_OF_BAND_MIN
        ? loneView(b, code)
        : lonePart(b, code);
    }
    value(v);
  } catch (error) {
    if (error !== FALLBACK) throw error;
    return encodeV8(v);
  }
  return finish();
}

/** The `parts` of every message without any (never added to). */
const NO_PARTS: Uint8Array[] = [];

/** The last head handed out: the next of the same length is the same view. */
let lastHead: Uint8Array = new Uint8Array(0);

/** The first `n` bytes of the encoder's memory, a view reused while `n` and the memory stay the same. */
function headView(n: number): Uint8Array {
  if (lastHead.byteLength !== n || lastOut !== out) {
    lastHead = bytesOf(out, 0, n);
    lastOut = out;
  }
  return lastHead;
}

/** The encoder memory `lastHead` views. */
let lastOut: Uint8Array = out;

/** The message of a lone small TypedArray, written in one pass (the hot case). */
function loneView(b: Uint8Array, code: number): Encoded {
  const end = HEADER + 6 + b.byteLength, total = align8(end);
  pos = HEADER;
  reserve(total - HEADER);
  out[HEADER] = Tag.View;
  out[HEADER + 1] = code;
  dv.setUint32(HEADER + 2, b.byteLength, true);
  out.set(b, HEADER + 6);
  for (let i = end; i < total; i++) out[i] = 0;
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, total, true);
  dv.setUint32(8, 0, true);
  dv.setUint32(12, 0, true);
  return { head: headView(total), parts: NO_PARTS, byteLength: total };
}

/** Head length of a message whose one part is a lone large TypedArray. */
const LONE_PART_HEAD = 32;

/**
 * The message of a lone large TypedArray, written in one pass: the header,
 * the part's length, then `ViewPart code 0`, zero-padded to 32 bytes.
 */
function lonePart(b: Uint8Array, code: number): Encoded {
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, LONE_PART_HEAD, true);
  dv.setUint32(8, 1, true);
  dv.setUint32(12, 0, true);
  dv.setFloat64(HEADER, b.byteLength, true);
  out[HEADER + 8] = Tag.ViewPart;
  out[HEADER + 9] = code;
  dv.setUint32(HEADER + 10, 0, true);
  out.fill(0, HEADER + 14, LONE_PART_HEAD);
  return {
    head: bytesOf(out, 0, LONE_PART_HEAD),
    parts: [b],
    byteLength: align8(LONE_PART_HEAD + b.byteLength),
  };
}

/**
 * Lays a whole message out in `into` (at least `e.byteLength` bytes): the
 * head, then each part at the next 8-byte boundary. Returns `into`.
 *
 * @example
 * ```ts
 * const e = encode([1, "two", 3n]);
 * const bytes = writeMessage(e, new Uint8Array(e.byteLength));
 * ```
 */
export function writeMessage(e: Encoded, into: Uint8Array): Uint8Array {
  into.set(e.head);
  let offset = e.head.byteLength;
  for (const part of e.parts) {
    offset = align8(offset);
    into.set(part, offset);
    offset += part.byteLength;
  }
  return into;
}

// ------------------------------------------------------------- decoder

interface Reader {
  msg: Uint8Array;
  dv: DataView;
  pos: number;
  partOffsets: number[];
  partLengths: number[];
  /** Whether the message's memory is the value's own: its TypedArray parts view it. */
  zeroCopy: boolean;
  /** Otherwise, one copy of the parts from the first TypedArray part on, which they view. */
  block: ArrayBuffer | null;
  /** Message offset of `block`'s first byte. */
  blockStart: number;
  /** Room of the in-band TypedArrays (the header's `inlineBytes`; 0: a copy each). */
  inlineBytes: number;
  /** Their one allocation, once the first is read, and where the next goes. */
  inline: ArrayBuffer | null;
  inlineAt: number;
  /** Objects read so far (the first `nrefs`), for back-references. */
  refs: unknown[];
  nrefs: number;
  /** Object keys read so far (the first `nkeys`), for repeats. */
  keys: string[];
  nkeys: number;
}

const NO_OFFSETS: number[] = [];
/** The reader's lists are emptied up to this length, dropped beyond. */
const REFS_KEPT = 4096;
const EMPTY = new Uint8Array(0);

/**
 * The reader of every decode, reused: a fresh one and its lists cost a
 * small record's decode a quarter of its time. Idle while `msg` is `EMPTY`.
 */
const reader: Reader = {
  msg: EMPTY,
  dv: new DataView(EMPTY.buffer),
  pos: 0,
  partOffsets: NO_OFFSETS,
  partLengths: NO_OFFSETS,
  zeroCopy: false,
  block: null,
  blockStart: 0,
  inlineBytes: 0,
  inline: null,
  inlineAt: 0,
  refs: [],
  nrefs: 0,
  keys: [],
  nkeys: 0,
};

/** An object read: back-references may name it. */
function ref<T>(r: Reader, v: T): T {
  r.refs[r.nrefs++] = v;
  return v;
}

/**
 * Small buffers (scratch memory) keep their recent DataViews: messages land
 * in the same few ranges of the same buffers call after call (a gather's
 * pieces, a receive's scratch), and a DataView costs ~0.2 µs to make, as
 * much as decoding a small record.
 */
const EMPTY_VIEW = new DataView(EMPTY.buffer);
const VIEWS_KEPT = 8;
const views: DataView[] = new Array(VIEWS_KEPT).fill(EMPTY_VIEW);
let nextView = 0;
const VIEW_CACHE_MAX = 64 << 10;

function dataViewOf(m: Uint8Array): DataView {
  const buffer = m.buffer, at = m.byteOffset, n = m.byteLength;
  for (let i = 0; i < VIEWS_KEPT; i++) {
    const v = views[i];
    if (v.buffer === buffer && v.byteOffset === at && v.byteLength === n) {
      return v;
    }
  }
  const dv = new DataView(buffer, at, n);
  if (buffer.byteLength <= VIEW_CACHE_MAX) {
    views[nextView] = dv;
    nextView = (nextView + 1) % VIEWS_KEPT;
  }
  return dv;
}

/** A low-level decoding failure; `decode` turns it into its one documented error. */
function bad(what: string, at: number): never {
  throw new RangeError(`${what} at byte ${at}`);
}

/** Checks that `n` more bytes (or items of at least that many bytes) fit before the end. */
function fits(r: Reader, n: number): void {
  if (n > r.msg.byteLength - r.pos) {
    bad(`length ${n} beyond the message`, r.pos);
  }
}

/** Node's (and Deno's node:buffer's) native latin1 decoding, ~10× TextDecoder for ASCII. */
const latin1Slice: (this: Uint8Array, start: number, end: number) => string =
  (Buffer.prototype as unknown as {
    latin1Slice?: (this: Uint8Array, start: number, end: number) => string;
  }).latin1Slice ??
    // A runtime without it decodes ASCII as UTF-8, which it also is.
    function (this: Uint8Array, start: number, end: number): string {
      return textDecoder.decode(bytesOf(this, start, end));
    };

/** UTF-16LE decoding at memory speed, lone surrogates kept (every runtime's node:buffer has it). */
const ucs2Slice =
  (Buffer.prototype as unknown as { ucs2Slice: typeof latin1Slice }).ucs2Slice;

function readStr(r: Reader): string {
  const raw = r.dv.getUint32(r.pos, true);
  const n = raw & 0x7fffffff;
  r.pos += 4;
  fits(r, n);
  const start = r.pos;
  r.pos = start + n;
  if (raw < ASCII_BIT) {
    return textDecoder.decode(bytesOf(r.msg, start, start + n));
  }
  return n > 8
    ? latin1Slice.call(r.msg, start, start + n)
    : shortAscii(r.msg, start, n);
}

/**
 * An ASCII string of at most 8 bytes, built in one call (two from 7 bytes):
 * appending one character at a time made a string per character (42
 * against 83 ns for names like `item42`; the native slice costs 150 ns).
 */
function shortAscii(m: Uint8Array, at: number, n: number): string {
  const f = String.fromCharCode;
  switch (n) {
    case 0:
      return "";
    case 1:
      return f(m[at]);
    case 2:
      return f(m[at], m[at + 1]);
    case 3:
      return f(m[at], m[at + 1], m[at + 2]);
    case 4:
      return f(m[at], m[at + 1], m[at + 2], m[at + 3]);
    case 5:
      return f(m[at], m[at + 1], m[at + 2], m[at + 3], m[at + 4]);
    case 6:
      return f(m[at], m[at + 1], m[at + 2], m[at + 3], m[at + 4], m[at + 5]);
    default: // 7 or 8: two strings' worth, still fewer than one per character
      return f(m[at], m[at + 1], m[at + 2], m[at + 3]) +
        shortAscii(m, at + 4, n - 4);
  }
}

function readKey(r: Reader): string {
  const raw = r.dv.getUint32(r.pos, true);
  if (raw < ASCII_BIT && raw >= KEY_REF) {
    r.pos += 4;
    const i = raw - KEY_REF;
    if (i >= r.nkeys) bad(`key ${i}`, r.pos - 4);
    return r.keys[i];
  }
  const n = raw & 0x7fffffff;
  const k = raw >= ASCII_BIT && n <= CACHED_KEY_MAX
    ? cachedKey(r, n)
    : readStr(r);
  r.keys[r.nkeys++] = k;
  return k;
}

/**
 * Decoded ASCII keys of up to `CACHED_KEY_MAX` bytes, by a hash of their
 * bytes. Records repeat their keys message after message: a key found here
 * is neither built again nor looked up again in V8's string table when the
 * decoder stores a property under it (it is the internalized string).
 */
const cachedKeys: string[] = new Array(256).fill("");
const CACHED_KEY_MAX = 32;

function cachedKey(r: Reader, n: number): string {
  const m = r.msg, start = r.pos + 4;
  fits(r, 4 + n);
  let h = n;
  for (let i = start; i < start + n; i++) h = (h * 31 + m[i]) | 0;
  const slot = h & 255;
  const k = cachedKeys[slot];
  if (k.length === n) {
    let i = 0;
    while (i < n && k.charCodeAt(i) === m[start + i]) i++;
    if (i === n) {
      r.pos = start + n;
      return k;
    }
  }
  // A property name is V8's internalized copy of the string.
  const fresh = Object.keys({ [readStr(r)]: 0 })[0];
  cachedKeys[slot] = fresh;
  return fresh;
}

function makeView(
  code: number,
  buffer: ArrayBufferLike,
  offset: number,
  length: number,
): ArrayBufferView {
  const C = VIEWS[code] as ViewCtor;
  if (C === DataView) return new DataView(buffer, offset, length);
  const per = (C as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (length % per !== 0) bad(`${length} bytes for ${C.name}`, 0);
  return new (C as unknown as new (
    b: ArrayBufferLike,
    o: number,
    n: number,
  ) => ArrayBufferView)(
    buffer,
    offset,
    length / per,
  );
}

/** A copy of `length` bytes of `msg` from `start`, in memory of its own. */
function copyBytes(msg: Uint8Array, start: number, length: number): Uint8Array {
  const bytes = new Uint8Array(freshBuffer(length));
  bytes.set(bytesOf(msg, start, start + length));
  return bytes;
}

function copyOut(r: Reader, offset: number, length: number): ArrayBuffer {
  return copyBytes(r.msg, offset, length).buffer as ArrayBuffer;
}

function viewCode(r: Reader): number {
  const code = r.msg[r.pos++];
  if (!(code < VIEWS.length)) bad(`view kind ${code}`, r.pos - 1);
  return code;
}

function readPart(r: Reader, code: number): unknown {
  const index = r.dv.getUint32(r.pos, true);
  r.pos += 4;
  if (index >= r.partOffsets.length) bad(`part ${index}`, r.pos - 4);
  const offset = r.partOffsets[index], length = r.partLengths[index];
  if (code < 0) return copyOut(r, offset, length);
  if (length % VIEW_SIZE[code] !== 0) bad(`part ${index} length`, r.pos - 4);
  if (r.zeroCopy) {
    return makeView(code, r.msg.buffer, r.msg.byteOffset + offset, length);
  }
  if (r.block === null) {
    // The TypedArrays of one value share one allocation: parts are read in
    // order, so a single copy from this part to the end holds every one
    // still to come (an ArrayBuffer part among them is copied on its own).
    // A fresh ArrayBuffer costs V8 microseconds whatever its size.
    const last = r.partOffsets.length - 1;
    const end = r.partOffsets[last] + r.partLengths[last];
    r.block = copyOut(r, offset, end - offset);
    r.blockStart = offset;
  }
  return makeView(code, r.block, offset - r.blockStart, length);
}

/** An in-band TypedArray (`code` >= 0) or ArrayBuffer (-1) in memory of its own. */
function copyView(
  r: Reader,
  code: number,
  start: number,
  n: number,
): ArrayBufferView | ArrayBuffer {
  // One allocation: the copy is also the view's memory.
  const bytes = copyBytes(r.msg, start, n);
  if (code === UINT8) return bytes;
  return code < 0
    ? bytes.buffer as ArrayBuffer
    : makeView(code, bytes.buffer, 0, n);
}

/** An in-band TypedArray in the one allocation of them all (8-byte aligned). */
function inlineView(
  r: Reader,
  code: number,
  start: number,
  n: number,
): ArrayBufferView {
  const at = r.inlineAt;
  if (n > r.inlineBytes - at) bad(`in-band views beyond ${r.inlineBytes}`, 12);
  if (r.inline === null) r.inline = freshBuffer(r.inlineBytes);
  const room = align8(n);
  r.inlineAt = at + room;
  const bytes = new Uint8Array(r.inline, at, room);
  bytes.set(bytesOf(r.msg, start, start + n));
  bytes.fill(0, n); // the memory may come unfilled
  return makeView(code, r.inline, at, n);
}

/** Element size of each view kind (1 for DataView). */
const VIEW_SIZE = VIEWS.map((C) =>
  (C as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1
);

/** Whether `m` is a valid message holding one in-band TypedArray and nothing else. */
function isLoneView(m: Uint8Array): boolean {
  return m.byteLength >= HEADER + 6 && m[HEADER] === Tag.View &&
    m[0] === (MAGIC & 0xff) && m[1] === ((MAGIC >>> 8) & 0xff) &&
    m[2] === ((MAGIC >>> 16) & 0xff) && m[3] === MAGIC >>> 24 &&
    (m[8] | m[9] | m[10] | m[11]) === 0;
}

/** Decodes a lone TypedArray with one allocation: the copy is the view. */
function readLoneView(m: Uint8Array): ArrayBufferView {
  const code = m[HEADER + 1];
  const n = u32At(m, HEADER + 2);
  const start = HEADER + 6;
  if (n > m.byteLength - start) bad(`length ${n} beyond the message`, start);
  if (!(code < VIEWS.length) || n % VIEW_SIZE[code] !== 0) {
    bad(`view kind ${code} of ${n} bytes`, HEADER + 1);
  }
  if (n <= IN_HEAP && VIEW_SIZE[code] === 1 && VIEWS[code] !== DataView) {
    // Node's V8 keeps a TypedArray of up to 64 bytes on its heap and makes
    // its ArrayBuffer only if `.buffer` is read: an ArrayBuffer up front
    // cost 1 µs there (0.06 µs this way). Bytes need no alignment. Where
    // the engine has no such arrays (Deno), the memory a receive prepared
    // while it waited (core/spare.ts) is cheaper.
    const C = VIEWS[code] as Uint8ArrayConstructor;
    const v = new C(n);
    v.set(new C(m.buffer, m.byteOffset + start, n));
    return v;
  }
  const bytes = copyBytes(m, start, n);
  return code === UINT8 ? bytes : makeView(code, bytes.buffer, 0, n);
}

/** The engine's largest TypedArray kept in its heap, in bytes. */
const IN_HEAP = backend.inHeapBytes;

/** The little-endian `u32` at byte `at` of `m`. */
function u32At(m: Uint8Array, at: number): number {
  return (m[at] | (m[at + 1] << 8) | (m[at + 2] << 16) | (m[at + 3] << 24)) >>>
    0;
}

const lengthBytes = new Uint8Array(8);
const lengthView = new DataView(lengthBytes.buffer);

/** Whether `m` is a valid message holding one out-of-band TypedArray and nothing else. */
function isLonePart(m: Uint8Array): boolean {
  if (m.byteLength < LONE_PART_HEAD || m[HEADER + 8] !== Tag.ViewPart) {
    return false;
  }
  return u32At(m, 0) === MAGIC && u32At(m, 4) === LONE_PART_HEAD &&
    u32At(m, 8) === 1 && u32At(m, HEADER + 10) === 0 &&
    m[HEADER + 9] < VIEWS.length;
}

/**
 * Whether the `n` bytes at `at` of `b` look like a message with
 * out-of-band parts (large TypedArrays), which would view the memory it is
 * decoded from. Reads only the header; `decode` still checks the rest.
 *
 * @example
 * ```ts
 * const e = encode(new Uint8Array(OUT_OF_BAND_MIN));
 * const m = writeMessage(e, new Uint8Array(e.byteLength));
 * carriesParts(m, 0, m.byteLength); // true
 * ```
 */
export function carriesParts(b: Uint8Array, at: number, n: number): boolean {
  return n >= HEADER + OUT_OF_BAND_MIN && u32At(b, at) === MAGIC &&
    u32At(b, at + 8) !== 0;
}

/** Whether `n` can be the length of a part that starts at `offset` of `m`. */
function partFits(n: number, offset: number, m: Uint8Array): boolean {
  return Number.isInteger(n) && n >= 0 && n <= m.byteLength - offset;
}

/** Decodes a lone out-of-band TypedArray: a view of the message, or a copy of small ones. */
function readLonePart(m: Uint8Array, view: boolean): ArrayBufferView {
  const code = m[HEADER + 9];
  for (let i = 0; i < 8; i++) lengthBytes[i] = m[HEADER + i];
  const n = lengthView.getFloat64(0, true);
  if (!partFits(n, LONE_PART_HEAD, m)) bad(`part length ${n}`, HEADER);
  if (view && m.byteLength >= ZERO_COPY_MIN && m.byteOffset % 8 === 0) {
    return makeView(code, m.buffer, m.byteOffset + LONE_PART_HEAD, n);
  }
  if (n % VIEW_SIZE[code] !== 0) bad(`part length ${n}`, HEADER);
  return makeView(code, copyBytes(m, LONE_PART_HEAD, n).buffer, 0, n);
}

function read(r: Reader): unknown {
  const tag = r.msg[r.pos++] as Tag;
  switch (tag) {
    case Tag.Undefined:
      return undefined;
    case Tag.Null:
      return null;
    case Tag.True:
      return true;
    case Tag.False:
      return false;
    case Tag.Int32: {
      const v = r.dv.getInt32(r.pos, true);
      r.pos += 4;
      return v;
    }
    case Tag.Float64: {
      const v = r.dv.getFloat64(r.pos, true);
      r.pos += 8;
      return v;
    }
    case Tag.String:
      return readStr(r);
    case Tag.String16: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, n);
      if (n % 2 !== 0) bad(`UTF-16 string of ${n} bytes`, r.pos - 4);
      const start = r.pos;
      r.pos = start + n;
      return ucs2Slice.call(r.msg, start, start + n);
    }
    case Tag.BigInt64: {
      const v = r.dv.getBigInt64(r.pos, true);
      r.pos += 8;
      return v;
    }
    case Tag.BigIntText: {
      const text = readStr(r);
      return text.startsWith("-")
        ? -BigInt(`0x${text.slice(1)}`)
        : BigInt(`0x${text}`);
    }
    case Tag.Array: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, n); // every element takes a byte at least
      const a = new Array(n);
      ref(r, a);
      for (let i = 0; i < n; i++) a[i] = read(r);
      return a;
    }
    case Tag.Object: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, 5 * n); // a key's length word and a value's tag at least
      const o: Record<string, unknown> = {};
      ref(r, o);
      for (let i = 0; i < n; i++) {
        const k = readKey(r);
        o[k] = read(r);
      }
      return o;
    }
    case Tag.Numbers: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, 8 * n);
      const a = new Array(n);
      ref(r, a);
      for (let i = 0, at = r.pos; i < n; i++, at += 8) {
        a[i] = r.dv.getFloat64(at, true);
      }
      r.pos += 8 * n;
      return a;
    }
    case Tag.NumberSet: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, 8 * n);
      const st = new Set<number>();
      ref(r, st);
      for (let i = 0, at = r.pos; i < n; i++, at += 8) {
        st.add(r.dv.getFloat64(at, true));
      }
      r.pos += 8 * n;
      return st;
    }
    case Tag.Map: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, 2 * n);
      const m = new Map<unknown, unknown>();
      ref(r, m);
      for (let i = 0; i < n; i++) {
        const k = read(r);
        m.set(k, read(r));
      }
      return m;
    }
    case Tag.Set: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, n);
      const st = new Set<unknown>();
      ref(r, st);
      for (let i = 0; i < n; i++) st.add(read(r));
      return st;
    }
    case Tag.View:
    case Tag.Buffer: {
      const code = tag === Tag.View ? viewCode(r) : -1;
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, n);
      if (code >= 0 && n % VIEW_SIZE[code] !== 0) {
        bad(`view of ${n} bytes`, r.pos);
      }
      const start = r.pos;
      r.pos = start + n;
      const v = code >= 0 && r.inlineBytes
        ? inlineView(r, code, start, n)
        : copyView(r, code, start, n);
      ref(r, v);
      return v;
    }
    case Tag.ViewPart:
    case Tag.BufferPart: {
      const code = tag === Tag.ViewPart ? viewCode(r) : -1;
      const v = readPart(r, code);
      ref(r, v);
      return v;
    }
    case Tag.Date: {
      const d = new Date(r.dv.getFloat64(r.pos, true));
      r.pos += 8;
      ref(r, d);
      return d;
    }
    case Tag.Ref: {
      const i = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      if (i >= r.nrefs) bad(`reference ${i}`, r.pos - 4);
      return r.refs[i];
    }
    case Tag.V8: {
      const n = r.dv.getUint32(r.pos, true);
      r.pos += 4;
      fits(r, n);
      const start = r.pos;
      r.pos = start + n;
      return v8Deserialize(bytesOf(r.msg, start, start + n));
    }
    default:
      return bad(`unknown tag ${tag}`, r.pos - 1);
  }
}

function decodeChecked(message: Uint8Array, view: boolean): unknown {
  if (isLoneView(message)) return readLoneView(message);
  if (isLonePart(message)) return readLonePart(message, view);
  const mdv = dataViewOf(message);
  if (message.byteLength < HEADER || mdv.getUint32(0, true) !== MAGIC) {
    bad(
      "no mpi4ts value header (bytes sent with Send, by another program, or with pickle replaced on one rank only?)",
      0,
    );
  }
  const headLength = mdv.getUint32(4, true);
  const n = mdv.getUint32(8, true);
  if (headLength > message.byteLength || n > (headLength - HEADER) / 8) {
    bad(`head of ${headLength} bytes with ${n} parts`, 4);
  }
  const inlineBytes = mdv.getUint32(12, true);
  // Each in-band view is in the head, and takes at most 7 bytes more room.
  if (inlineBytes > 2 * headLength) bad(`${inlineBytes} in-band bytes`, 12);
  const partLengths = n ? [] : NO_OFFSETS, partOffsets = n ? [] : NO_OFFSETS;
  let offset = headLength;
  for (let i = 0; i < n; i++) {
    const len = mdv.getFloat64(HEADER + 8 * i, true);
    offset = align8(offset);
    if (!partFits(len, offset, message)) {
      bad(`part length ${len}`, HEADER + 8 * i);
    }
    partOffsets.push(offset);
    partLengths.push(len);
    offset += len;
  }
  // Never re-entered today; a fresh reader if it ever is.
  const r: Reader = reader.msg === EMPTY
    ? reader
    : { ...reader, refs: [], nrefs: 0, keys: [], nkeys: 0 };
  r.msg = message;
  r.dv = mdv;
  r.pos = HEADER + 8 * n;
  r.partOffsets = partOffsets;
  r.partLengths = partLengths;
  r.zeroCopy = view && message.byteLength >= ZERO_COPY_MIN &&
    message.byteOffset % 8 === 0;
  r.block = null;
  r.blockStart = 0;
  r.inlineBytes = inlineBytes;
  r.inline = null;
  r.inlineAt = 0;
  r.nrefs = 0;
  r.nkeys = 0;
  try {
    return read(r);
  } finally {
    // Hold nothing of this value or its message.
    if (r.nrefs > REFS_KEPT) r.refs = [];
    else for (let i = 0; i < r.nrefs; i++) r.refs[i] = undefined;
    if (r.nkeys > REFS_KEPT) r.keys = [];
    r.msg = EMPTY;
    r.dv = EMPTY_VIEW;
    r.block = r.inline = null;
    r.partOffsets = r.partLengths = NO_OFFSETS;
  }
}

/**
 * Decodes a message (head followed by its parts). In a message of
 * `ZERO_COPY_MIN` bytes or more (8-byte aligned), the out-of-band
 * TypedArrays are views into `message`, each of its own bytes; otherwise
 * they view one copy of the parts, allocated once for them all. The
 * in-band TypedArrays view one allocation of their own, an ArrayBuffer is
 * an exact copy. Smaller messages
 * are copied whole, so `message` may be reused. With `view` false nothing
 * views `message` (it holds several messages, or is reused).
 *
 * Whatever the bytes, it allocates no more than the message's size allows
 * and either returns a value or throws one error: a `TypeError` saying the
 * value message is corrupt, with the low-level error as its `cause`.
 *
 * @example
 * ```ts
 * const e = encode(new Map([[1, "one"]]));
 * const value = decode(writeMessage(e, new Uint8Array(e.byteLength)));
 * ```
 */
export function decode(message: Uint8Array, view = true): unknown {
  try {
    return decodeChecked(message, view);
  } catch (error) {
    throw new TypeError(
      `value message is corrupt (${(error as Error)?.message ?? error})`,
      { cause: error },
    );
  }
}
