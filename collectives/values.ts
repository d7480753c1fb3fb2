/**
 * Value collectives (lowercase): any structured-clone value, serialized
 * once, moved as bytes by the matching buffer collective after the byte
 * counts are exchanged. Plain numbers reduced with `SUM`, `PROD`, `MAX` or
 * `MIN` skip serialization: one `MPI_Allreduce` on a double.
 *
 * @module
 */
import { C, lib } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import { type Op, OPS } from "../core/op.ts";
import { deserialize, serialize, serializeBytes } from "../core/pickle.ts";
import { recvLayout, sendLayout } from "../comm/wire.ts";
import { exchangeValues, layoutOf, pieces } from "./value_layout.ts";
import { PersistentCollectiveComm } from "./persistent.ts";
import type { Request } from "../core/request.ts";
import {
  ialltoall,
  ibarrier,
  ibcast,
  igather,
  ireduce,
  iscatter,
} from "./value_requests.ts";
import { applyOp, checkValueOp, fold, type ValueOp } from "./value_ops.ts";
import { allreduceAgreed, fastOp, prefixAgreed } from "./value_kinds.ts";

const one = new Float64Array(1);
const oneOut = new Float64Array(1);

/**
 * Collective layer of communicators: buffer collectives plus their value
 * forms.
 */
export class CollectiveComm extends PersistentCollectiveComm {
  /** Same as `Barrier()`. */
  barrier(): void {
    this.Barrier();
  }

  /** Broadcasts a value from `root`; every rank returns it. Any size. */
  bcast(obj: unknown, root = 0): unknown {
    const rt = this.root(root), h = this.handle;
    const isRoot = this.isRoot(rt);
    const encoded = isRoot ? serialize(obj) : undefined;
    one[0] = encoded?.byteLength ?? 0;
    check(lib.MPI_Bcast(one, 1, DATATYPES.DOUBLE.handle, rt, h), "MPI_Bcast");
    const size = one[0];
    const layout = isRoot ? sendLayout(encoded!) : recvLayout(size);
    try {
      check(
        lib.MPI_Bcast(layout.base, layout.count, layout.type, rt, h),
        "MPI_Bcast",
      );
    } finally {
      layout.free();
    }
    // The root returns its own value; ranks of an intercommunicator's root
    // group that are not the root (PROC_NULL) receive nothing.
    if (isRoot) return obj;
    if (rt === C.PROC_NULL) return undefined;
    return deserialize(layout.base!.subarray(0, size));
  }

  /** Gathers one value per rank at `root` (an array in rank order); `undefined` elsewhere. */
  gather(obj: unknown, root = 0): unknown[] | undefined {
    const rt = this.root(root);
    const isRoot = this.isRoot(rt);
    const bytes = serializeBytes(obj);
    const sizes = new Float64Array(isRoot ? this.peerCount : 0);
    one[0] = bytes.byteLength;
    check(
      lib.MPI_Gather(
        one,
        1,
        DATATYPES.DOUBLE.handle,
        sizes,
        1,
        DATATYPES.DOUBLE.handle,
        rt,
        this.handle,
      ),
      "MPI_Gather",
    );
    const { counts, displs, total } = isRoot
      ? layoutOf(sizes)
      : layoutOf(new Float64Array(0));
    const buf = new Uint8Array(total);
    const BYTE = DATATYPES.BYTE.handle;
    check(
      lib.MPI_Gatherv(
        bytes,
        bytes.byteLength,
        BYTE,
        buf,
        counts,
        displs,
        BYTE,
        rt,
        this.handle,
      ),
      "MPI_Gatherv",
    );
    return isRoot ? pieces(buf, counts, displs) : undefined;
  }

  /** Gathers one value per rank on every rank (an array in rank order). */
  allgather(obj: unknown): unknown[] {
    const bytes = serializeBytes(obj);
    const sizes = new Float64Array(this.peerCount);
    one[0] = bytes.byteLength;
    const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
    check(
      lib.MPI_Allgather(one, 1, D, sizes, 1, D, this.handle),
      "MPI_Allgather",
    );
    const { counts, displs, total } = layoutOf(sizes);
    const buf = new Uint8Array(total);
    check(
      lib.MPI_Allgatherv(
        bytes,
        bytes.byteLength,
        BYTE,
        buf,
        counts,
        displs,
        BYTE,
        this.handle,
      ),
      "MPI_Allgatherv",
    );
    return pieces(buf, counts, displs);
  }

  /** Sends `objs[i]` from `root` to rank i; each rank returns its value. */
  scatter(objs: readonly unknown[] | undefined | null, root = 0): unknown {
    const rt = this.root(root);
    const isRoot = this.isRoot(rt);
    const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
    const n = this.peerCount;
    const sizes = new Float64Array(isRoot ? n : 0);
    let all: Uint8Array[] = [];
    if (isRoot) {
      if (!Array.isArray(objs) || objs.length !== n) {
        throw new TypeError(`objs must be an array of ${n} values at the root`);
      }
      all = objs.map(serializeBytes);
      all.forEach((b, i) => (sizes[i] = b.byteLength));
    }
    const { counts, displs, total } = layoutOf(sizes);
    const sendbuf = new Uint8Array(total);
    all.forEach((b, i) => sendbuf.set(b, displs[i]));
    check(
      lib.MPI_Scatter(sizes, 1, D, oneOut, 1, D, rt, this.handle),
      "MPI_Scatter",
    );
    const mine = new Uint8Array(oneOut[0]);
    check(
      lib.MPI_Scatterv(
        sendbuf,
        counts,
        displs,
        BYTE,
        mine,
        mine.byteLength,
        BYTE,
        rt,
        this.handle,
      ),
      "MPI_Scatterv",
    );
    return rt === C.PROC_NULL || rt === C.ROOT ? undefined : deserialize(mine);
  }

  /** Sends `objs[i]` to rank i; returns the values received, in rank order. */
  alltoall(objs: readonly unknown[]): unknown[] {
    const n = this.peerCount;
    if (!Array.isArray(objs) || objs.length !== n) {
      throw new TypeError(`objs must be an array of ${n} values`);
    }
    const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
    return exchangeValues(
      objs,
      n,
      (ss, rs) =>
        check(
          lib.MPI_Alltoall(ss, 1, D, rs, 1, D, this.handle),
          "MPI_Alltoall",
        ),
      (sb, sc, sd, rb, rc, rd) =>
        check(
          lib.MPI_Alltoallv(sb, sc, sd, BYTE, rb, rc, rd, BYTE, this.handle),
          "MPI_Alltoallv",
        ),
    );
  }

  #inter: boolean | undefined;

  /**
   * Whether this reduction tries the fast path (intracommunicators, a
   * numeric predefined op); every rank then agrees on the kinds first.
   */
  #fast(op: ValueOp): op is Op {
    return fastOp(op) && !(this.#inter ??= this.Is_inter());
  }

  /**
   * Combines the values of all ranks with `op` at `root` (`undefined`
   * elsewhere). Every rank must pass the same kind of value: different
   * kinds with a predefined op throw the same `TypeError` on every rank.
   */
  reduce(obj: unknown, op: ValueOp = OPS.SUM, root = 0): unknown {
    const o = checkValueOp(op), rt = this.root(root);
    if (this.#fast(o)) {
      const x = allreduceAgreed("reduce", obj, o, this.handle);
      if (x !== undefined) return this.isRoot(rt) ? x : undefined;
    }
    const all = this.gather(obj, rt);
    return all ? fold(o, all, all.length, "reduce") : undefined;
  }

  /**
   * Combines the values of all ranks with `op`; every rank returns the
   * result (or throws the same error).
   */
  allreduce(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    const o = checkValueOp(op);
    if (this.#fast(o)) {
      const x = allreduceAgreed("allreduce", obj, o, this.handle);
      if (x !== undefined) return x;
    }
    const all = this.allgather(obj);
    return fold(o, all, all.length, "allreduce");
  }

  /** Inclusive prefix reduction of values: rank r returns `op` over ranks 0..r. */
  scan(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    const o = checkValueOp(op), r = this.rank;
    if (this.#fast(o)) {
      const x = prefixAgreed(
        "scan",
        obj,
        r + 1,
        this.size,
        this.handle,
        (a, b) => applyOp(o, a, b) as number,
      );
      if (x !== undefined) return x;
    }
    return fold(o, this.allgather(obj), r + 1, "scan");
  }

  /** Exclusive prefix reduction of values: `undefined` on rank 0. */
  exscan(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    const o = checkValueOp(op), r = this.rank;
    if (this.#fast(o)) {
      const x = prefixAgreed(
        "exscan",
        obj,
        r,
        this.size,
        this.handle,
        (a, b) => applyOp(o, a, b) as number,
      );
      if (x !== undefined) return r === 0 ? undefined : x;
    }
    const all = this.allgather(obj);
    const v = fold(o, all, r, "exscan");
    return r === 0 ? undefined : v;
  }

  // ------------------------------------------------ nonblocking values

  /** Starts a barrier; the request's value is `undefined`. */
  ibarrier(): Request {
    return ibarrier(this);
  }

  /** Starts a broadcast of a value from `root`; `wait()` gives it on every rank. */
  ibcast(obj: unknown, root = 0): Request {
    return ibcast(this, obj, this.root(root));
  }

  /** Starts gathering one value per rank at `root`; `wait()` gives the array there. */
  igather(obj: unknown, root = 0): Request {
    return igather(this, obj, this.root(root));
  }

  /** Starts gathering one value per rank on every rank. */
  iallgather(obj: unknown): Request {
    return igather(this, obj, undefined);
  }

  /** Starts scattering `objs[i]` from `root` to rank i. */
  iscatter(objs: readonly unknown[] | null | undefined, root = 0): Request {
    return iscatter(this, objs, this.root(root));
  }

  /** Starts sending `objs[i]` to rank i; `wait()` gives the values received. */
  ialltoall(objs: readonly unknown[]): Request {
    return ialltoall(this, objs);
  }

  /** Starts a value reduction to `root`; `wait()` gives the result there. */
  ireduce(obj: unknown, op: ValueOp = OPS.SUM, root = 0): Request {
    return ireduce(this, obj, checkValueOp(op), this.root(root));
  }

  /** Starts a value reduction on every rank; `wait()`/`waitAsync()` give the result. */
  iallreduce(obj: unknown, op: ValueOp = OPS.SUM): Request {
    return ireduce(this, obj, checkValueOp(op), undefined);
  }
}
