/**
 * A global ROWS × COLS array of doubles in one file: every rank writes its
 * block of rows through a subarray view, then a smaller group of ranks (all
 * but the last) reads it back with its own decomposition.
 *
 *     mpiexec -n 4 deno run -A examples/io.ts [path]
 *
 * @module
 */
import process from "node:process";
import * as mpi from "../mod.ts";

const ROWS = 8, COLS = 6;
const world = mpi.COMM_WORLD;
// One name for all: rank 0's choice.
const path = world.bcast(
  process.argv[2] ?? `/tmp/mpi4ts-example-${process.pid}.bin`,
  0,
) as string;

/** The rows `rank` of `ranks` owns: its first row and how many. */
function rowsOf(rank: number, ranks: number): [number, number] {
  const base = Math.floor(ROWS / ranks), extra = ROWS % ranks;
  return [rank * base + Math.min(rank, extra), base + (rank < extra ? 1 : 0)];
}

/** This rank's block as a file view: a subarray of the global array. */
function viewOfBlock(fh: mpi.File, comm: mpi.Intracomm): Float64Array {
  const [first, rows] = rowsOf(comm.rank, comm.size);
  const block = mpi.DOUBLE.Create_subarray(
    [ROWS, COLS],
    [rows, COLS],
    [first, 0],
  ).Commit();
  fh.Set_view(0, mpi.DOUBLE, block);
  block.Free(); // the view keeps what it needs
  return new Float64Array(rows * COLS);
}

// Write: element (i, j) holds i + j / 10, each rank its own rows.
{
  using fh = mpi.File.Open(world, path, mpi.MODE_WRONLY | mpi.MODE_CREATE);
  const local = viewOfBlock(fh, world);
  const [first] = rowsOf(world.rank, world.size);
  local.forEach((_, k) => {
    local[k] = first + Math.floor(k / COLS) + (k % COLS) / 10;
  });
  fh.Write_all(local);
}

// Read back with one rank fewer (or the one rank there is).
const readers = Math.max(1, world.size - 1);
using sub = world.Split(world.rank < readers ? 0 : mpi.UNDEFINED);
if (sub !== mpi.COMM_NULL) {
  const comm = sub as mpi.Intracomm;
  using fh = mpi.File.Open(comm, path, mpi.MODE_RDONLY);
  const local = viewOfBlock(fh, comm);
  fh.Read_all(local);
  const [first, rows] = rowsOf(comm.rank, comm.size);
  const ok = local.every((v, k) =>
    v === first + Math.floor(k / COLS) + (k % COLS) / 10
  );
  console.log(
    `reader ${comm.rank}/${comm.size}: rows ${first}..${first + rows - 1} ${
      ok ? "match" : "DIFFER"
    }`,
  );
}
world.Barrier();
if (world.rank === 0) mpi.File.Delete(path);
