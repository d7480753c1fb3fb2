/**
 * The program a `PoolExecutor` spawns: serves the parent's tasks until it
 * stops the pool, then disconnects.
 *
 * @module
 */
import "../core/startup.ts"; // MPI starts as with mod.ts
import { Comm, COMM_NULL } from "../comm/comm.ts";
import { exitProcess } from "../ffi/process.ts";
import { serve } from "./worker.ts";

const parent = Comm.Get_parent();
if (parent === COMM_NULL) {
  console.error(
    "mpi4ts: futures/worker_main is the worker program of PoolExecutor; it runs only when spawned by one",
  );
  exitProcess(2);
}
await serve(parent, 0, () => parent.Disconnect());
parent.Disconnect();
