/**
 * `Group`: ordered sets of processes, their set algebra and rank
 * translation. Groups are local objects: no call here communicates.
 *
 * @module
 */
import {
  C,
  H,
  type Handle,
  lib,
  readHandle,
  sameHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, describe, int } from "./errors.ts";
import { HandleObject } from "./handle.ts";

const handleOut = new Uint8Array(8);
const intOut = new Int32Array(1);

function freeGroup(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Group_free(cell), "MPI_Group_free");
}

/**
 * A rank triple `[first, last, stride]` of `Range_incl` / `Range_excl`:
 * `first`, `first + stride`, ... up to `last`.
 *
 * @example The odd ranks, from the last one down
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const n = mpi.COMM_WORLD.size;
 * const odd: mpi.RankRange = [n - 1 - (n % 2), 1, -2];
 * ```
 */
export type RankRange = readonly [first: number, last: number, stride: number];

/** The C names of the calls that combine two groups. */
type SetOp =
  | "MPI_Group_union"
  | "MPI_Group_intersection"
  | "MPI_Group_difference";

/**
 * An ordered set of processes. Get one from a communicator
 * (`comm.Get_group()`) and derive others from it; every derived group must
 * be freed (`Free()` or `using`). A derived group with no members is the
 * `GROUP_EMPTY` constant itself.
 *
 * @example Even ranks of the world, and where they sit in it
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using world = mpi.COMM_WORLD.Get_group();
 * using evens = world.Range_incl([[0, world.size - 1, 2]]);
 * console.log(evens.Translate_ranks([0, 1], world)); // [0, 2]
 * ```
 */
export class Group extends HandleObject {
  #size = -1;
  #rank = -2;

  /**
   * Wraps a group handle. Users get groups from communicators and from the
   * group constructors.
   *
   * @param handle the C handle, `null` for `GROUP_NULL`
   * @param predefined whether MPI owns it (`GROUP_EMPTY`)
   */
  constructor(handle: Handle | null, predefined = false) {
    super(handle, predefined ? undefined : freeGroup);
  }

  /** `ERR_GROUP`: the class of errors for a freed or null group. */
  protected get nullErrorClass(): number {
    return C.ERR_GROUP;
  }

  /** Number of processes in the group (`MPI_Group_size`). */
  get size(): number {
    if (this.#size < 0) {
      check(lib.MPI_Group_size(this.handle, intOut), "MPI_Group_size");
      this.#size = intOut[0];
    }
    return this.#size;
  }

  /** This process's rank in the group, `UNDEFINED` if it is not a member (`MPI_Group_rank`). */
  get rank(): number {
    if (this.#rank === -2) {
      check(lib.MPI_Group_rank(this.handle, intOut), "MPI_Group_rank");
      this.#rank = intOut[0];
    }
    return this.#rank;
  }

  /** Same as `size`. */
  Get_size(): number {
    return this.size;
  }

  /** Same as `rank`. */
  Get_rank(): number {
    return this.rank;
  }

  /** The members at `ranks` of this group, in that order (`MPI_Group_incl`). */
  Incl(ranks: readonly number[]): Group {
    return this.#subset("MPI_Group_incl", ranks);
  }

  /** This group without the members at `ranks` (`MPI_Group_excl`). */
  Excl(ranks: readonly number[]): Group {
    return this.#subset("MPI_Group_excl", ranks);
  }

  /**
   * The members at the ranks of the `[first, last, stride]` triples, in that
   * order (`MPI_Group_range_incl`).
   */
  Range_incl(ranges: readonly RankRange[]): Group {
    return this.#ranges("MPI_Group_range_incl", ranges);
  }

  /** This group without the members the triples name (`MPI_Group_range_excl`). */
  Range_excl(ranges: readonly RankRange[]): Group {
    return this.#ranges("MPI_Group_range_excl", ranges);
  }

  /**
   * The ranks in `other` of the processes at `ranks` of this group;
   * `UNDEFINED` for those not in `other`, `PROC_NULL` stays `PROC_NULL`
   * (`MPI_Group_translate_ranks`).
   */
  Translate_ranks(ranks: readonly number[], other: Group): number[] {
    const from = this.#rankList(ranks, "ranks", C.PROC_NULL);
    const to = new Int32Array(from.length);
    check(
      lib.MPI_Group_translate_ranks(
        this.handle,
        from.length,
        from,
        groupHandle(other, "other"),
        to,
      ),
      "MPI_Group_translate_ranks",
    );
    return [...to];
  }

  /**
   * `IDENT` (same members, same order), `SIMILAR` (same members) or
   * `UNEQUAL` (`MPI_Group_compare`).
   */
  Compare(other: Group): number {
    check(
      lib.MPI_Group_compare(this.handle, groupHandle(other, "other"), intOut),
      "MPI_Group_compare",
    );
    return intOut[0];
  }

  /** Members of `a`, then those of `b` not in `a` (`MPI_Group_union`). */
  static Union(a: Group, b: Group): Group {
    return combine("MPI_Group_union", a, b);
  }

  /** Members of `a` that are also in `b`, in `a`'s order (`MPI_Group_intersection`). */
  static Intersection(a: Group, b: Group): Group {
    return combine("MPI_Group_intersection", a, b);
  }

  /** Members of `a` that are not in `b`, in `a`'s order (`MPI_Group_difference`). */
  static Difference(a: Group, b: Group): Group {
    return combine("MPI_Group_difference", a, b);
  }

  #subset(call: "MPI_Group_incl" | "MPI_Group_excl", ranks: unknown): Group {
    const list = this.#rankList(ranks, "ranks");
    const seen = new Set<number>();
    list.forEach((r, i) => {
      if (seen.has(r)) {
        throw new RangeError(`ranks[${i}] repeats rank ${r}`);
      }
      seen.add(r);
    });
    check(lib[call](this.handle, list.length, list, handleOut), call);
    return wrapGroup(readHandle(handleOut));
  }

  #ranges(
    call: "MPI_Group_range_incl" | "MPI_Group_range_excl",
    ranges: unknown,
  ): Group {
    if (!Array.isArray(ranges)) {
      throw new TypeError(
        `ranges must be an array of [first, last, stride], got ${
          describe(ranges)
        }`,
      );
    }
    const flat = new Int32Array(ranges.length * 3);
    ranges.forEach((triple: unknown, i) => {
      if (!Array.isArray(triple) || triple.length !== 3) {
        throw new TypeError(
          `ranges[${i}] must be [first, last, stride], got ${describe(triple)}`,
        );
      }
      const [first, last] = this.#rankList(
        triple.slice(0, 2),
        `ranges[${i}]`,
      );
      const step = int(triple[2], `ranges[${i}][2]`);
      if (step === 0) throw new RangeError(`ranges[${i}] has stride 0`);
      flat.set([first, last, step], i * 3);
    });
    check(lib[call](this.handle, ranges.length, flat, handleOut), call);
    return wrapGroup(readHandle(handleOut));
  }

  /** Checks an array of ranks of this group (or `allowed`); returns them for C. */
  #rankList(ranks: unknown, name: string, allowed?: number): Int32Array {
    if (!Array.isArray(ranks)) {
      throw new TypeError(
        `${name} must be an array of ranks, got ${describe(ranks)}`,
      );
    }
    const size = this.size;
    return Int32Array.from(ranks, (r: unknown, i) => {
      const v = int(r, `${name}[${i}]`);
      if ((v >= 0 && v < size) || v === allowed) return v;
      throw new RangeError(
        `${name}[${i}] ${v} is not a rank of the group (0..${size - 1})`,
      );
    });
  }
}

function combine(call: SetOp, a: Group, b: Group): Group {
  check(lib[call](groupHandle(a, "a"), groupHandle(b, "b"), handleOut), call);
  return wrapGroup(readHandle(handleOut));
}

/**
 * The C handle of `group`, after checking it is a `Group` (naming `name`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using world = mpi.COMM_WORLD.Get_group();
 * const h = groupHandle(world, "group"); // a TypeError naming "group" for a non-group
 * ```
 */
export function groupHandle(group: unknown, name: string): Handle {
  if (group instanceof Group) return group.handle;
  throw new TypeError(`${name} must be a Group, got ${describe(group)}`);
}

/**
 * Wraps a group handle MPI returned: the empty group is `GROUP_EMPTY`
 * itself and the null group `GROUP_NULL`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using world = mpi.COMM_WORLD.Get_group();
 * using same = wrapGroup(world.handle); // an object over a handle MPI returned
 * ```
 */
export function wrapGroup(handle: Handle): Group {
  if (sameHandle(handle, H.GROUP_NULL)) return GROUP_NULL;
  if (sameHandle(handle, H.GROUP_EMPTY)) return GROUP_EMPTY;
  const group = new Group(handle);
  if (group.size > 0) return group;
  group.Free();
  return GROUP_EMPTY;
}

/**
 * The group with no members (`MPI_GROUP_EMPTY`). Every derived group that
 * comes out empty is this very object.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using g = mpi.COMM_WORLD.Get_group();
 * console.log(g.Incl([]) === mpi.GROUP_EMPTY); // true
 * ```
 */
export const GROUP_EMPTY: Group = new Group(H.GROUP_EMPTY, true);

/**
 * The null group (`MPI_GROUP_NULL`): every use throws `MPIError`
 * (`ERR_GROUP`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.GROUP_NULL.size;
 * } catch (e) {
 *   console.log(e instanceof mpi.MPIError && e.errorClass === mpi.ERR_GROUP); // true
 * }
 * ```
 */
export const GROUP_NULL: Group = new Group(null, true);
