/**
 * Datatypes from record layouts, and back: `fromLayout` turns a NumPy-style
 * struct description (`[["x", "f8"], ["n", "i4", [3]]]`, laid out like a C
 * struct) into a committed `Datatype`; `toLayout` reads a datatype back into
 * that notation; `fromTypedArray` gives the element type of a TypedArray
 * class. As mpi4py's `mpi4py.util.dtlib`, without NumPy.
 *
 * @module
 */
import { Datatype, DATATYPES } from "../core/datatype.ts";
import type { DatatypeName } from "../ffi/abi/types.ts";
import { ORDER_C } from "../core/constants.ts";

/**
 * One field of a struct layout: its name, its format, and optionally the
 * shape of an array of that format (`["n", "i4", [3]]` is `int32_t n[3]`).
 */
export type Field =
  | readonly [name: string, format: Format]
  | readonly [name: string, format: Format, shape: number | readonly number[]];

/**
 * A struct with explicit offsets (NumPy's dict form): what `toLayout` returns
 * for a struct, since its offsets need not be C's.
 */
export interface StructLayout {
  /** Field names. */
  readonly names: readonly string[];
  /** Field formats, in the order of `names`. */
  readonly formats: readonly Format[];
  /** Byte offsets of the fields; C's alignment rules when absent. */
  readonly offsets?: readonly number[];
  /** Bytes from one record to the next; C's padded size when absent. */
  readonly itemsize?: number;
}

/** An array of records or of arrays: `shape` elements of `base`, row-major. */
export interface ArrayLayout {
  /** The element format. */
  readonly base: Format;
  /** The array's extents, outermost first. */
  readonly shape: readonly number[];
}

/**
 * A layout: a NumPy dtype string (`"f8"`, `"<i4"`, `"u1"`, `"?"`, `"c16"`,
 * `"(2,3)f4"`, `"3i2"`), a list of fields (a C struct), a struct with
 * explicit offsets, or an array of another layout.
 */
export type Format = string | readonly Field[] | StructLayout | ArrayLayout;

/** Options of `fromLayout`. */
export interface LayoutOptions {
  /** Lay fields out like a C compiler (`true`, the default) or packed. */
  readonly align?: boolean;
}

/** Canonical dtype code (kind + size) → the predefined type. */
const BY_CODE: Readonly<Record<string, DatatypeName>> = {
  i1: "INT8_T",
  i2: "INT16_T",
  i4: "INT32_T",
  i8: "INT64_T",
  u1: "UINT8_T",
  u2: "UINT16_T",
  u4: "UINT32_T",
  u8: "UINT64_T",
  f4: "FLOAT",
  f8: "DOUBLE",
  f16: "LONG_DOUBLE",
  c8: "C_FLOAT_COMPLEX",
  c16: "C_DOUBLE_COMPLEX",
  b1: "C_BOOL",
  S1: "CHAR",
};

/** NumPy's one-letter type characters → canonical codes. */
const CHARS: Readonly<Record<string, string>> = {
  b: "i1",
  B: "u1",
  h: "i2",
  H: "u2",
  i: "i4",
  I: "u4",
  l: "i8",
  L: "u8",
  q: "i8",
  Q: "u8",
  p: "i8",
  P: "u8",
  f: "f4",
  d: "f8",
  g: "f16",
  F: "c8",
  D: "c16",
  G: "c32",
  "?": "b1",
  c: "S1",
};

/** Predefined type → canonical code, for `toLayout`. */
const CODE_OF: ReadonlyMap<Datatype, string> = new Map(
  (Object.entries({
    i1: ["INT8_T", "SIGNED_CHAR"],
    u1: ["UINT8_T", "UNSIGNED_CHAR", "BYTE"],
    i2: ["INT16_T", "SHORT"],
    u2: ["UINT16_T", "UNSIGNED_SHORT"],
    i4: ["INT32_T", "INT"],
    u4: ["UINT32_T", "UNSIGNED"],
    i8: ["INT64_T", "LONG", "LONG_LONG", "AINT", "OFFSET", "COUNT"],
    u8: ["UINT64_T", "UNSIGNED_LONG", "UNSIGNED_LONG_LONG"],
    f4: ["FLOAT"],
    f8: ["DOUBLE"],
    f16: ["LONG_DOUBLE"],
    c8: ["C_FLOAT_COMPLEX"],
    c16: ["C_DOUBLE_COMPLEX"],
    b1: ["C_BOOL"],
    S1: ["CHAR"],
  }) as [string, DatatypeName[]][]).flatMap(([code, names]) =>
    names.filter((n) => DATATYPES[n].isLive).map((n) =>
      [DATATYPES[n], code] as const
    )
  ),
);

/** The pair types of `MINLOC`/`MAXLOC`: value then `int`. */
const PAIRS: ReadonlyMap<Datatype, string> = new Map(
  ([
    ["SHORT_INT", "i2"],
    ["TWOINT", "i4"],
    ["LONG_INT", "i8"],
    ["FLOAT_INT", "f4"],
    ["DOUBLE_INT", "f8"],
    ["LONG_DOUBLE_INT", "f16"],
  ] as [DatatypeName, string][]).filter(([n]) => DATATYPES[n].isLive).map((
    [n, code],
  ) => [DATATYPES[n], code]),
);

/** A datatype with the C alignment of its most aligned member. */
interface Built {
  readonly type: Datatype;
  readonly align: number;
}

const SCALAR =
  /^([<=|>])?(?:\((\d+(?:,\s*\d+)*),?\)|(\d+)(?=[a-zA-Z?]))?([a-zA-Z?])(\d*)$/;

/** `"<i4"`, `"(2,3)f8"`, `"?"` → the canonical code and an array shape. */
function parseScalar(text: string, where: string): [string, number[]] {
  const m = SCALAR.exec(text.trim());
  if (m === null) {
    throw new TypeError(`${where}: '${text}' is not a dtype string`);
  }
  const [, order, dims, count, letter, digits] = m;
  if (order === ">") {
    throw new RangeError(
      `${where}: '${text}' has non-native (big-endian) byte order`,
    );
  }
  const shape = dims !== undefined
    ? dims.split(",").map(Number)
    : count !== undefined
    ? [Number(count)]
    : [];
  let code: string;
  if (digits === "") {
    code = CHARS[letter] ?? "";
  } else if (letter === "b" && digits === "1") code = "b1";
  else if (letter === "S" || letter === "a") {
    code = "S1";
    if (digits !== "1") shape.push(Number(digits));
  } else code = `${letter}${digits}`;
  if (BY_CODE[code] === undefined || !DATATYPES[BY_CODE[code]].isLive) {
    throw new TypeError(
      `${where}: dtype '${text}' has no MPI datatype in this library`,
    );
  }
  return [code, shape];
}

/** The C alignment of a predefined type (complex: that of its parts). */
function alignOf(code: string, size: number): number {
  return code.startsWith("c") ? size / 2 : code === "S1" ? 1 : size;
}

function checkShape(shape: unknown, where: string): number[] {
  const dims = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(dims)) {
    throw new TypeError(
      `${where}: shape must be a number or an array of numbers`,
    );
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${where}: shape entries must be integers >= 0, got ${d}`,
      );
    }
  }
  return dims as number[];
}

/** `shape` copies of `inner`, row-major (a new type; `inner` is freed). */
function arrayOf(inner: Built, shape: readonly number[]): Built {
  if (shape.length === 0) return inner;
  const type = shape.length === 1
    ? inner.type.Create_contiguous(shape[0])
    : inner.type.Create_subarray(shape, shape, shape.map(() => 0));
  inner.type.Free();
  return { type, align: inner.align };
}

function build(format: Format, align: boolean, where: string): Built {
  if (typeof format === "string") {
    const [code, shape] = parseScalar(format, where);
    const base = DATATYPES[BY_CODE[code]];
    const scalar = { type: base.Dup(), align: alignOf(code, base.size) };
    return arrayOf(scalar, shape);
  }
  if (Array.isArray(format)) {
    const fields = format as readonly Field[];
    return struct(
      fields.map((f, i) => {
        if (!Array.isArray(f) || typeof f[0] !== "string" || f.length < 2) {
          throw new TypeError(
            `${where}[${i}]: a field must be [name, format] or [name, format, shape]`,
          );
        }
        return [f[0], f[1], f[2]] as const;
      }),
      undefined,
      undefined,
      align,
      where,
    );
  }
  if (format !== null && typeof format === "object") {
    if ("base" in format) {
      const shape = checkShape(format.shape, `${where}.shape`);
      return arrayOf(build(format.base, align, `${where}.base`), shape);
    }
    if ("names" in format && "formats" in format) {
      const { names, formats, offsets, itemsize } = format;
      if (names.length !== formats.length) {
        throw new RangeError(
          `${where}: names has ${names.length} entries but formats has ${formats.length}`,
        );
      }
      if (offsets !== undefined && offsets.length !== names.length) {
        throw new RangeError(
          `${where}: offsets has ${offsets.length} entries but names has ${names.length}`,
        );
      }
      return struct(
        names.map((n, i) => [n, formats[i], undefined] as const),
        offsets,
        itemsize,
        align,
        where,
      );
    }
  }
  throw new TypeError(
    `${where}: a layout must be a dtype string, a list of fields, { names, formats } or { base, shape }`,
  );
}

function struct(
  fields: readonly (readonly [string, Format, unknown])[],
  offsets: readonly number[] | undefined,
  itemsize: number | undefined,
  align: boolean,
  where: string,
): Built {
  const seen = new Set<string>();
  const types: Datatype[] = [];
  const displs: number[] = [];
  let end = 0, maxAlign = 1;
  try {
    fields.forEach(([name, format, shape], i) => {
      if (seen.has(name)) {
        throw new RangeError(`${where}: field name '${name}' appears twice`);
      }
      seen.add(name);
      const at = `${where}[${i}] '${name}'`;
      const dims = shape === undefined ? [] : checkShape(shape, at);
      const built = arrayOf(build(format, align, at), dims);
      types.push(built.type);
      const a = align ? built.align : 1;
      maxAlign = Math.max(maxAlign, a);
      const offset = offsets?.[i] ?? Math.ceil(end / a) * a;
      if (!Number.isInteger(offset) || offset < 0) {
        throw new RangeError(
          `${at}: offset must be an integer >= 0, got ${offset}`,
        );
      }
      displs.push(offset);
      end = Math.max(end, offset + built.type.extent);
    });
    const size = itemsize ?? Math.ceil(end / maxAlign) * maxAlign;
    if (!Number.isInteger(size) || size < end) {
      throw new RangeError(
        `${where}: itemsize must be an integer >= ${end}, got ${size}`,
      );
    }
    const raw = Datatype.Create_struct(types.map(() => 1), displs, types);
    const type = raw.Create_resized(0, size);
    raw.Free();
    return { type, align: maxAlign };
  } finally {
    for (const t of types) t.Free();
  }
}

/**
 * A committed datatype for a record layout, laid out like a C struct (each
 * field at the next multiple of its alignment, the size padded to the
 * largest one); `{ align: false }` packs the fields. The caller owns the
 * type (`Free()` it, or `using`).
 *
 * @example Send an array of `{ double x; int32_t n[3]; }` records
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { dtlib } from "@mpi4ts/mpi/util";
 * using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4", [3]]]);
 * console.log(rec.size, rec.extent); // 20 24
 * const data = new ArrayBuffer(rec.extent * 4);
 * const comm = mpi.COMM_WORLD;
 * comm.Sendrecv([data, 4, rec], comm.rank, 0, [new ArrayBuffer(96), 4, rec], comm.rank, 0);
 * ```
 */
export function fromLayout(
  layout: Format,
  options: LayoutOptions = {},
): Datatype {
  const { type } = build(layout, options.align ?? true, "layout");
  return type.Commit();
}

function scalarCode(type: Datatype): string | undefined {
  return CODE_OF.get(type);
}

/** Builds the layout of `type`; frees derived types met on the way. */
function layoutOf(type: Datatype): Format {
  const code = scalarCode(type);
  if (code !== undefined) return code;
  const pair = PAIRS.get(type);
  if (pair !== undefined) return [["f0", pair], ["f1", "i4"]];
  if (type.isPredefined) {
    throw new TypeError(`toLayout: ${type.name} has no layout`);
  }
  const d = type.decode();
  const owned: Datatype[] = [];
  const own = (t: Datatype): Datatype => {
    if (!t.isPredefined) owned.push(t);
    return t;
  };
  try {
    switch (d.combiner) {
      case "DUP":
        return layoutOf(own(d.oldtype));
      case "CONTIGUOUS":
        return arrayLayout(layoutOf(own(d.oldtype)), [d.args[0]]);
      case "SUBARRAY": {
        const [sizes, subsizes, starts, order] = d.args;
        const base = layoutOf(own(d.oldtype));
        const whole = sizes.every((s, i) => s === subsizes[i]) &&
          starts.every((s) => s === 0);
        if (!whole) {
          throw new TypeError(
            "toLayout: a subarray that is not the whole array has no layout",
          );
        }
        return arrayLayout(
          base,
          order === ORDER_C || sizes.length < 2
            ? sizes
            : sizes.slice().reverse(),
        );
      }
      case "RESIZED": {
        const [lb, extent] = d.args;
        const inner = layoutOf(own(d.oldtype));
        if (lb !== 0) {
          throw new TypeError(
            "toLayout: a lower bound other than 0 has no layout",
          );
        }
        if (typeof inner === "object" && "names" in inner) {
          return { ...inner, itemsize: extent };
        }
        return {
          names: ["f0"],
          formats: [inner],
          offsets: [0],
          itemsize: extent,
        };
      }
      case "STRUCT": {
        const [blocklengths, displs, types] = d.args;
        types.forEach(own);
        return {
          names: types.map((_, i) => `f${i}`),
          formats: types.map((t, i) =>
            arrayLayout(
              layoutOf(t),
              blocklengths[i] === 1 ? [] : [blocklengths[i]],
            )
          ),
          offsets: displs,
          itemsize: type.extent,
        };
      }
      case "VECTOR":
      case "HVECTOR": {
        const [count, blocklength, stride] = d.args;
        const base = layoutOf(own(d.oldtype));
        const step = d.combiner === "VECTOR"
          ? stride * d.oldtype.extent
          : stride;
        return blocks(
          base,
          Array(count).fill(blocklength),
          Array.from({ length: count }, (_, i) => i * step),
          type.extent,
        );
      }
      case "INDEXED":
      case "HINDEXED":
      case "INDEXED_BLOCK":
      case "HINDEXED_BLOCK": {
        const [lengths, displs] = d.args as [number | number[], number[]];
        const base = layoutOf(own(d.oldtype));
        const scale = d.combiner.startsWith("H") ? 1 : d.oldtype.extent;
        const bl = typeof lengths === "number"
          ? displs.map(() => lengths)
          : lengths;
        return blocks(base, bl, displs.map((x) => x * scale), type.extent);
      }
      default:
        throw new TypeError(`toLayout: a ${d.combiner} datatype has no layout`);
    }
  } finally {
    for (const t of owned) t.Free();
  }
}

function arrayLayout(base: Format, shape: readonly number[]): Format {
  if (shape.length === 0) return base;
  if (typeof base === "string") {
    const m = /^\(([\d,]+)\)(.*)$/.exec(base);
    const inner = m ? m[1].split(",").filter((x) => x !== "").map(Number) : [];
    const dims = [...shape, ...inner];
    // NumPy's notation: "(3,)i4" for one dimension, "(2,3)f8" for more.
    const text = dims.length === 1 ? `${dims[0]},` : dims.join(",");
    return `(${text})${m ? m[2] : base}`;
  }
  if ("base" in base) {
    return { base: base.base, shape: [...shape, ...base.shape] };
  }
  return { base, shape };
}

function blocks(
  base: Format,
  lengths: number[],
  offsets: number[],
  itemsize: number,
): StructLayout {
  return {
    names: lengths.map((_, i) => `f${i}`),
    formats: lengths.map((n) => arrayLayout(base, n === 1 ? [] : [n])),
    offsets,
    itemsize,
  };
}

/**
 * The layout of a datatype, in `fromLayout`'s notation: a dtype string for
 * predefined types and arrays of them (`"f8"`, `"(3,)i4"`), `{ names,
 * formats, offsets, itemsize }` for structs, vectors and indexed types,
 * `{ base, shape }` for arrays of records. Throws a `TypeError` for a
 * datatype a record layout cannot describe (a partial subarray, darray).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { dtlib } from "@mpi4ts/mpi/util";
 * using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4", [3]]]);
 * console.log(dtlib.toLayout(rec));
 * // { names: ["f0", "f1"], formats: ["f8", "(3,)i4"], offsets: [0, 8], itemsize: 24 }
 * console.log(dtlib.toLayout(mpi.DOUBLE)); // "f8"
 * ```
 */
export function toLayout(datatype: Datatype): Format {
  if (!(datatype instanceof Datatype)) {
    throw new TypeError("datatype must be a Datatype");
  }
  void datatype.handle; // a freed or null type: MPIError naming it
  return layoutOf(datatype);
}

/** A TypedArray class. */
export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

const TYPED: ReadonlyMap<unknown, DatatypeName> = new Map<
  unknown,
  DatatypeName
>([
  [Int8Array, "INT8_T"],
  [Uint8Array, "UINT8_T"],
  [Uint8ClampedArray, "UINT8_T"],
  [Int16Array, "INT16_T"],
  [Uint16Array, "UINT16_T"],
  [Int32Array, "INT32_T"],
  [Uint32Array, "UINT32_T"],
  [Float32Array, "FLOAT"],
  [Float64Array, "DOUBLE"],
  [BigInt64Array, "INT64_T"],
  [BigUint64Array, "UINT64_T"],
]);

/**
 * The predefined datatype of a TypedArray class's elements (`Float64Array` →
 * `DOUBLE`, `Int32Array` → `INT32_T`, ...). Predefined: nothing to free.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * import { dtlib } from "@mpi4ts/mpi/util";
 * console.log(dtlib.fromTypedArray(Float64Array) === mpi.DOUBLE); // true
 * ```
 */
export function fromTypedArray(ctor: TypedArrayConstructor): Datatype {
  const name = TYPED.get(ctor);
  if (name === undefined) {
    throw new TypeError(
      "ctor must be a TypedArray class (Float64Array, Int32Array, ...)",
    );
  }
  return DATATYPES[name];
}
