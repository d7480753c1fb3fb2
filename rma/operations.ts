/**
 * RMA operations. Each resolves and checks its arguments once (origin,
 * result and compare buffers, target rank, target displacement/count/
 * datatype, op) into the module's reused messages; a runner then calls the
 * blocking C function (`MPI_Put`) or its request form (`MPI_Rput`), which
 * returns a `Request` keeping the buffers alive. Memory of blocking calls
 * stays referenced by the window until a synchronization call completes
 * them, so the collector cannot free a buffer MPI still reads or writes.
 *
 * The small calls a loop repeats take their own paths: blocking `Put`,
 * `Get` and `Accumulate` do not dispatch on a kind, and a blocking `Put`
 * or `Fetch_and_op` that repeats the last one (`rma/plan.ts`) reuses what
 * its checks resolved, so such a loop allocates nothing and adds a few
 * nanoseconds to the C call.
 *
 * @module
 */
import { type Handle, lib, type Pointer } from "../ffi/lib.ts";
import { resolve, Resolved } from "../core/buffer.ts";
import { check, describe } from "../core/errors.ts";
import { Op, OPS } from "../core/op.ts";
import { Request } from "../core/request.ts";
import type { WinFacts } from "./facts.ts";
import { Plan } from "./plan.ts";
import {
  checkRange,
  checkRank,
  dispArg,
  resolveTarget,
  Target,
} from "./target.ts";

const O = new Resolved();
const R = new Resolved();
const K = new Resolved();
const T = new Target();
const PUT = new Plan();
const FETCH = new Plan();

/**
 * The variants taking addresses, for planned repeats: `MPI_Put` with the
 * origin, `MPI_Fetch_and_op` with origin and result as pointers (looked up
 * on use: binding one costs time at the first call only).
 */
const byAddress = lib as unknown as {
  "MPI_Put@0": (
    origin: Pointer,
    count: number,
    type: Handle,
    rank: number,
    disp: bigint,
    targetCount: number,
    targetType: Handle,
    win: Handle,
  ) => number;
  "MPI_Fetch_and_op@0,1": (
    origin: Pointer,
    result: Pointer,
    type: Handle,
    rank: number,
    disp: bigint,
    op: Handle,
    win: Handle,
  ) => number;
};

/** The four RMA calls with a request form. */
export type RmaKind = "put" | "get" | "acc" | "getacc";

function opArg(op: unknown): Handle {
  if (op instanceof Op) return op.handle;
  if (op === undefined) return OPS.SUM.handle;
  throw notAnOp(op);
}

function notAnOp(op: unknown): TypeError {
  return new TypeError(`op must be an Op, got ${describe(op)}`);
}

/** Adds `x` to `list` (holding `n` items) unless it is null or among the last few; returns the new count. */
function keep(list: unknown[], n: number, x: unknown): number {
  if (x === null) return n;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) if (list[i] === x) return n;
  list[n] = x;
  return n + 1;
}

/**
 * Keeps the operation's memory until a synchronization call completes it
 * (nothing for `PROC_NULL`, which moves no data). A loop reusing the same
 * buffers holds each once.
 */
function hold(f: WinFacts, rank: number, a: unknown, b: unknown): void {
  if (rank < 0) return;
  const list = f.pending[rank];
  f.held[rank] = keep(list, keep(list, f.held[rank], a), b);
}

/** Empties `rank`'s held list, keeping its array. */
function release(f: WinFacts, rank: number): void {
  const n = f.held[rank];
  if (n === 0) return;
  const list = f.pending[rank];
  for (let i = 0; i < n; i++) list[i] = undefined;
  f.held[rank] = 0;
}

/** Lets go of memory of completed operations to `rank` (none for `PROC_NULL`). */
export function completed(f: WinFacts, rank: number): void {
  if (rank >= 0) release(f, rank);
}

/** Lets go of memory of every completed operation. */
export function completedAll(f: WinFacts): void {
  for (let r = 0; r < f.held.length; r++) release(f, r);
}

/**
 * Records a checked call as plan `p`. A plan keeps its buffers referenced,
 * so its repeats need not hold them; the buffers of the plan it replaces
 * are held from now on, like those of any operation not yet completed.
 */
function replan(
  p: Plan,
  f: WinFacts,
  origin: unknown,
  o: Resolved,
  result: unknown,
  r: Resolved | null,
  rank: number,
  target: unknown,
  disp: bigint,
): void {
  if (p.f !== null) hold(p.f, p.rank, p.origin, p.result);
  p.record(f, origin, o, result, r, rank, target, disp);
}

/** Runs the described call blocking (`req` null) or as its request form. */
function run(
  kind: RmaKind,
  win: Handle,
  rank: number,
  op: Handle,
  req: Request | null,
): void {
  const cell = req?.cell;
  switch (kind) {
    case "put":
      if (cell === undefined) {
        check(
          lib.MPI_Put(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            win,
          ),
          "MPI_Put",
        );
      } else {
        check(
          lib.MPI_Rput(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            win,
            cell,
          ),
          "MPI_Rput",
        );
      }
      return;
    case "get":
      if (cell === undefined) {
        check(
          lib.MPI_Get(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            win,
          ),
          "MPI_Get",
        );
      } else {
        check(
          lib.MPI_Rget(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            win,
            cell,
          ),
          "MPI_Rget",
        );
      }
      return;
    case "acc":
      if (cell === undefined) {
        check(
          lib.MPI_Accumulate(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            op,
            win,
          ),
          "MPI_Accumulate",
        );
      } else {
        check(
          lib.MPI_Raccumulate(
            O.buf,
            O.count,
            O.type,
            rank,
            T.disp,
            T.count,
            T.type,
            op,
            win,
            cell,
          ),
          "MPI_Raccumulate",
        );
      }
      return;
    case "getacc":
      if (cell === undefined) {
        check(
          lib.MPI_Get_accumulate(
            O.buf,
            O.count,
            O.type,
            R.buf,
            R.count,
            R.type,
            rank,
            T.disp,
            T.count,
            T.type,
            op,
            win,
          ),
          "MPI_Get_accumulate",
        );
      } else {
        check(
          lib.MPI_Rget_accumulate(
            O.buf,
            O.count,
            O.type,
            R.buf,
            R.count,
            R.type,
            rank,
            T.disp,
            T.count,
            T.type,
            op,
            win,
            cell,
          ),
          "MPI_Rget_accumulate",
        );
      }
  }
}

const CALLS: Record<RmaKind, string> = {
  put: "MPI_Put",
  get: "MPI_Get",
  acc: "MPI_Accumulate",
  getacc: "MPI_Get_accumulate",
};

/**
 * `Put`, `Get`, `Accumulate`, `Get_accumulate` and their request forms:
 * `result` is used by `getacc` only; `request` picks the `R` form.
 */
export function transfer(
  kind: RmaKind,
  f: WinFacts,
  origin: unknown,
  result: unknown,
  targetRank: unknown,
  target: unknown,
  op: unknown,
  request: boolean,
): Request | undefined {
  const win = f.handle();
  const rank = checkRank(f, targetRank, CALLS[kind]);
  resolve(origin, O, "origin");
  const opH = kind === "acc" || kind === "getacc"
    ? opArg(op)
    : OPS.REPLACE.handle;
  if (kind === "getacc") {
    resolve(result, R, "result");
    resolveTarget(f, rank, target, O.owner === null ? R : O, T);
  } else {
    resolveTarget(f, rank, target, O, T);
  }
  const a = O.owner, b = kind === "getacc" ? R.owner : null;
  if (!request) {
    run(kind, win, rank, opH, null);
    hold(f, rank, a, b);
    return undefined;
  }
  const req = new Request(b === null ? a : [a, b]);
  run(kind, win, rank, opH, req);
  return req;
}

/**
 * Checks the target rank and resolves `origin` (into `O`) and `target`
 * (into `T`) of a blocking `Put`, `Get` or `Accumulate`; returns the rank.
 */
function prepare(
  f: WinFacts,
  call: string,
  origin: unknown,
  targetRank: unknown,
  target: unknown,
): number {
  const rank = checkRank(f, targetRank, call);
  resolve(origin, O, "origin");
  resolveTarget(f, rank, target, O, T);
  return rank;
}

/** Blocking `MPI_Put`; a repeat of the last one (`PUT`) skips the checks. */
export function put(
  f: WinFacts,
  origin: unknown,
  targetRank: unknown,
  target: unknown,
): void {
  const win = f.handle();
  const p = PUT;
  if (!p.matches(f, origin, targetRank, target)) {
    const rank = prepare(f, "MPI_Put", origin, targetRank, target);
    replan(p, f, origin, O, null, null, rank, target, T.disp);
    run("put", win, rank, OPS.REPLACE.handle, null);
    hold(f, rank, O.owner, null);
    return;
  }
  const rc = p.byAddress()
    ? byAddress["MPI_Put@0"](
      p.originPtr,
      p.count,
      p.type,
      p.rank,
      p.disp,
      p.count,
      p.type,
      win,
    )
    : lib.MPI_Put(p.buf, p.count, p.type, p.rank, p.disp, p.count, p.type, win);
  check(rc, "MPI_Put");
}

/**
 * Blocking `MPI_Get` and `MPI_Accumulate`: no plan, since their time is
 * the transfer's (a profile shows under 1% in JavaScript).
 */
export function get(
  f: WinFacts,
  origin: unknown,
  targetRank: unknown,
  target: unknown,
): void {
  const rank = prepare(f, "MPI_Get", origin, targetRank, target);
  run("get", f.handle(), rank, OPS.REPLACE.handle, null);
  hold(f, rank, O.owner, null);
}

/** Blocking `MPI_Accumulate` (see `get`). */
export function accumulate(
  f: WinFacts,
  origin: unknown,
  targetRank: unknown,
  target: unknown,
  op: unknown,
): void {
  const win = f.handle();
  const rank = prepare(f, "MPI_Accumulate", origin, targetRank, target);
  run("acc", win, rank, opArg(op), null);
  hold(f, rank, O.owner, null);
}

function wrongElements(
  what: string,
  m: Resolved,
  like: Resolved | null,
): Error {
  return m.count < 1
    ? new RangeError(`${what}: needs one element, got an empty buffer`)
    : new TypeError(
      `${what}: datatype ${m.datatype.name} differs from origin's ${
        like!.datatype.name
      }`,
    );
}

function oneElement(m: Resolved, what: string, like: Resolved | null): void {
  if (m.count < 1 || (like !== null && like.datatype !== m.datatype)) {
    throw wrongElements(what, m, like);
  }
}

/** `MPI_Fetch_and_op` of one element at `targetDisp` on `targetRank`. */
export function fetchAndOp(
  f: WinFacts,
  origin: unknown,
  result: unknown,
  targetRank: unknown,
  targetDisp: unknown,
  op: unknown,
): void {
  const win = f.handle();
  const p = FETCH;
  if (!p.matchesFetch(f, origin, result, targetRank, targetDisp)) {
    fetchChecked(f, origin, result, targetRank, targetDisp, op, win);
    return;
  }
  const opH = opArg(op);
  const rc = p.byAddress()
    ? byAddress["MPI_Fetch_and_op@0,1"](
      p.originPtr,
      p.resultPtr,
      p.type,
      p.rank,
      p.disp,
      opH,
      win,
    )
    : lib.MPI_Fetch_and_op(
      p.buf,
      p.resultBuf,
      p.type,
      p.rank,
      p.disp,
      opH,
      win,
    );
  check(rc, "MPI_Fetch_and_op");
}

/** `fetchAndOp` checking every argument, and planning a repeat. */
function fetchChecked(
  f: WinFacts,
  origin: unknown,
  result: unknown,
  targetRank: unknown,
  targetDisp: unknown,
  op: unknown,
  win: Handle,
): void {
  const rank = checkRank(f, targetRank, "MPI_Fetch_and_op");
  const opH = opArg(op);
  resolve(result, R, "result");
  oneElement(R, "result", null);
  resolve(origin, O, "origin");
  if (O.owner !== null) {
    oneElement(O, "origin", null);
    oneElement(R, "result", O);
  } else if (opH !== OPS.NO_OP.handle) {
    throw new TypeError("origin: needed unless op is NO_OP");
  }
  const at = targetDisp ?? 0;
  const disp = dispArg(at, "targetDisp");
  checkRange(f, rank, at as number | bigint, 1, R.datatype);
  replan(FETCH, f, origin, O, result, R, rank, targetDisp, disp);
  check(
    lib.MPI_Fetch_and_op(O.buf, R.buf, R.type, rank, disp, opH, win),
    "MPI_Fetch_and_op",
  );
  hold(f, rank, O.owner, R.owner);
}

/** `MPI_Compare_and_swap` of one element at `targetDisp` on `targetRank`. */
export function compareAndSwap(
  f: WinFacts,
  origin: unknown,
  compare: unknown,
  result: unknown,
  targetRank: unknown,
  targetDisp: unknown,
): void {
  const win = f.handle();
  const rank = checkRank(f, targetRank, "MPI_Compare_and_swap");
  resolve(origin, O, "origin");
  oneElement(O, "origin", null);
  resolve(compare, K, "compare");
  oneElement(K, "compare", O);
  resolve(result, R, "result");
  oneElement(R, "result", O);
  const at = targetDisp ?? 0;
  const disp = dispArg(at, "targetDisp");
  checkRange(f, rank, at as number | bigint, 1, O.datatype);
  check(
    lib.MPI_Compare_and_swap(O.buf, K.buf, R.buf, O.type, rank, disp, win),
    "MPI_Compare_and_swap",
  );
  hold(f, rank, O.owner, R.owner);
  hold(f, rank, K.owner, null);
}
