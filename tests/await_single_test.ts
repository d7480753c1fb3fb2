// mpi4ts-test: np=1,2
/**
 * Awaited MPI at `MPI_THREAD_SINGLE`: awaiting tests requests on the
 * JavaScript thread only, so it needs no thread support from MPI.
 */
import { rc } from "../rc.ts";

rc.threadLevel = "single";
const { awaitTests } = await import("./_await_cases.ts");
awaitTests("single");
