/**
 * Nonblocking value collectives — `ibarrier`, `ibcast`, `igather`,
 * `iscatter`, `iallgather`, `ialltoall`, `ireduce`, `iallreduce` — which
 * mpi4py lacks. A value's size is not known in advance, so each request is
 * a short chain of nonblocking MPI steps (exchange the byte counts, then
 * the bytes) advanced by `test()`/`wait()` (and by `waitAsync()` through
 * `test()`), which gives the
 * value at the end.
 *
 * @module
 */
import { type Handle, handleKey, lib } from "../ffi/lib.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import { deserialize, serializeBytes } from "../core/pickle.ts";
import {
  advanceWhileWaiting,
  progress,
  Request,
  type Steps,
} from "../core/request.ts";
import { STATUS_SIZE } from "../core/status.ts";
import { layoutOf, pieces } from "./value_layout.ts";
import { fold, type ValueOp } from "./value_ops.ts";

type Call = (...args: unknown[]) => number;
const call = (name: string) => lib[name] as unknown as Call;
const flagOut = new Int32Array(1);

/** One step: starts a nonblocking MPI call whose request is `cell`. */
type Step = (cell: Int32Array) => void;

/**
 * The order in which chains on one communicator may start their later
 * steps. Collectives must be started in the same order on every rank, but
 * a chain's first step can complete at different times on different ranks:
 * so later steps are started strictly in the order the chains were created.
 */
interface Turns {
  created: number;
  next: number;
}
const turnsByComm = new Map<bigint | number, Turns>();

/** A chain of nonblocking MPI steps ending in a value. */
class Chain implements Steps {
  readonly #cell = new Int32Array(2);
  readonly #status = new Uint8Array(STATUS_SIZE);
  readonly #steps: Step[];
  readonly #finish: () => unknown;
  readonly #turns: Turns;
  readonly #seq: number;
  #next = 1;
  /** The current step has completed; the next waits for its turn. */
  #ready = false;
  #done = false;
  #value: unknown;

  constructor(comm: Handle, steps: Step[], finish: () => unknown) {
    this.#steps = steps;
    this.#finish = finish;
    const key = handleKey(comm);
    let turns = turnsByComm.get(key);
    if (!turns) turnsByComm.set(key, turns = { created: 0, next: 0 });
    this.#turns = turns;
    this.#seq = steps.length > 1 ? turns.created++ : -1;
    steps[0](this.#cell);
  }

  /** Starts the next step (when it is this chain's turn) or finishes; false if it must wait. */
  #advance(): boolean {
    if (this.#next < this.#steps.length) {
      if (this.#turns.next !== this.#seq) return false;
      this.#steps[this.#next++](this.#cell);
      if (this.#next === this.#steps.length) this.#turns.next++;
      this.#ready = false;
      return true;
    }
    this.#value = this.#finish();
    this.#done = true;
    return true;
  }

  test(): boolean {
    while (!this.#done) {
      if (!this.#ready) {
        check(lib.MPI_Test(this.#cell, flagOut, this.#status), "MPI_Test");
        if (flagOut[0] === 0) return false;
        this.#ready = true;
      }
      if (!this.#advance()) return false;
    }
    return true;
  }

  wait(): void {
    while (!this.#done) {
      if (!this.#ready) {
        check(lib.MPI_Wait(this.#cell, this.#status), "MPI_Wait");
        this.#ready = true;
      }
      // Not our turn: older chains must start their steps first.
      if (!this.#advance()) progress();
    }
  }

  result(): unknown {
    return this.#value;
  }

  status(): Uint8Array | undefined {
    return undefined;
  }
}

/** The communicator facts a value collective needs. */
export interface CommInfo {
  /** The communicator handle. */
  readonly handle: Handle;
  /** This rank. */
  readonly rank: number;
  /** Number of ranks. */
  readonly size: number;
}

function request(
  comm: Handle,
  steps: Step[],
  finish: () => unknown,
): Request {
  const chain = new Chain(comm, steps, finish);
  advanceWhileWaiting(chain);
  return Request.fromSteps(chain);
}

const D = () => DATATYPES.DOUBLE.handle;
const B = () => DATATYPES.BYTE.handle;

/** `ibarrier`: completes (with `undefined`) once every rank entered it. */
export function ibarrier(c: CommInfo): Request {
  return request(c.handle, [
    (cell) => check(call("MPI_Ibarrier")(c.handle, cell), "MPI_Ibarrier"),
  ], () => undefined);
}

/** `ibcast`: every rank's request gives `root`'s value. */
export function ibcast(c: CommInfo, obj: unknown, root: number): Request {
  const isRoot = c.rank === root;
  const size = new Float64Array(1);
  let bytes = isRoot ? serializeBytes(obj) : new Uint8Array(0);
  size[0] = bytes.byteLength;
  return request(c.handle, [
    (cell) =>
      check(
        call("MPI_Ibcast")(size, 1, D(), root, c.handle, cell),
        "MPI_Ibcast",
      ),
    (cell) => {
      if (!isRoot) bytes = new Uint8Array(size[0]);
      check(
        call("MPI_Ibcast")(bytes, bytes.byteLength, B(), root, c.handle, cell),
        "MPI_Ibcast",
      );
    },
  ], () => (isRoot ? obj : deserialize(bytes)));
}

/** `igather` (`all` false) and `iallgather` (`all` true): values in rank order. */
export function igather(
  c: CommInfo,
  obj: unknown,
  root: number | undefined,
): Request {
  const receives = root === undefined || c.rank === root;
  const mine = serializeBytes(obj);
  const one = new Float64Array([mine.byteLength]);
  const sizes = new Float64Array(receives ? c.size : 0);
  let layout = layoutOf(new Float64Array(0));
  let buf = new Uint8Array(0);
  const tail = root === undefined ? [c.handle] : [root, c.handle];
  const [first, second] = root === undefined
    ? ["MPI_Iallgather", "MPI_Iallgatherv"]
    : ["MPI_Igather", "MPI_Igatherv"];
  return request(c.handle, [
    (cell) =>
      check(call(first)(one, 1, D(), sizes, 1, D(), ...tail, cell), first),
    (cell) => {
      layout = layoutOf(sizes);
      buf = new Uint8Array(layout.total);
      check(
        call(second)(
          mine,
          mine.byteLength,
          B(),
          buf,
          layout.counts,
          layout.displs,
          B(),
          ...tail,
          cell,
        ),
        second,
      );
    },
  ], () => (receives ? pieces(buf, layout.counts, layout.displs) : undefined));
}

/** `iscatter`: rank i's request gives `objs[i]` from `root`. */
export function iscatter(
  c: CommInfo,
  objs: readonly unknown[] | null | undefined,
  root: number,
): Request {
  const isRoot = c.rank === root;
  if (isRoot && (!Array.isArray(objs) || objs.length !== c.size)) {
    throw new TypeError(
      `objs must be an array of ${c.size} values at the root`,
    );
  }
  const all = isRoot ? objs!.map(serializeBytes) : [];
  const sizes = Float64Array.from(all, (b) => b.byteLength);
  const layout = layoutOf(sizes);
  const sendbuf = new Uint8Array(layout.total);
  all.forEach((b, i) => sendbuf.set(b, layout.displs[i]));
  const mySize = new Float64Array(1);
  let mine = new Uint8Array(0);
  return request(c.handle, [
    (cell) =>
      check(
        call("MPI_Iscatter")(
          sizes,
          1,
          D(),
          mySize,
          1,
          D(),
          root,
          c.handle,
          cell,
        ),
        "MPI_Iscatter",
      ),
    (cell) => {
      mine = new Uint8Array(mySize[0]);
      check(
        call("MPI_Iscatterv")(
          sendbuf,
          layout.counts,
          layout.displs,
          B(),
          mine,
          mine.byteLength,
          B(),
          root,
          c.handle,
          cell,
        ),
        "MPI_Iscatterv",
      );
    },
  ], () => deserialize(mine));
}

/** `ialltoall`: sends `objs[i]` to rank i; gives the values received, in rank order. */
export function ialltoall(c: CommInfo, objs: readonly unknown[]): Request {
  if (!Array.isArray(objs) || objs.length !== c.size) {
    throw new TypeError(`objs must be an array of ${c.size} values`);
  }
  const all = objs.map(serializeBytes);
  const ssizes = Float64Array.from(all, (b) => b.byteLength);
  const rsizes = new Float64Array(c.size);
  const s = layoutOf(ssizes);
  const sendbuf = new Uint8Array(s.total);
  all.forEach((b, i) => sendbuf.set(b, s.displs[i]));
  let r = layoutOf(new Float64Array(0));
  let recvbuf = new Uint8Array(0);
  return request(c.handle, [
    (cell) =>
      check(
        call("MPI_Ialltoall")(ssizes, 1, D(), rsizes, 1, D(), c.handle, cell),
        "MPI_Ialltoall",
      ),
    (cell) => {
      r = layoutOf(rsizes);
      recvbuf = new Uint8Array(r.total);
      check(
        call("MPI_Ialltoallv")(
          sendbuf,
          s.counts,
          s.displs,
          B(),
          recvbuf,
          r.counts,
          r.displs,
          B(),
          c.handle,
          cell,
        ),
        "MPI_Ialltoallv",
      );
    },
  ], () => pieces(recvbuf, r.counts, r.displs));
}

/** `ireduce` (`root` given) and `iallreduce`: the values combined with `op` in rank order. */
export function ireduce(
  c: CommInfo,
  obj: unknown,
  op: ValueOp,
  root: number | undefined,
): Request {
  const gathered = igather(c, obj, root);
  let values: unknown[] | undefined;
  let done = false;
  const take = (v: unknown) => {
    values = v as unknown[] | undefined;
    done = true;
  };
  return Request.fromSteps({
    test() {
      if (!done) {
        const [finished, v] = gathered.test();
        if (finished) take(v);
      }
      return done;
    },
    wait() {
      if (!done) take(gathered.wait());
    },
    result: () => (values ? fold(op, values) : undefined),
    status: () => undefined,
  });
}
