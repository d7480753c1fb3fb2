/**
 * The whole C symbol table, merged from one file per area of the standard.
 * Keys are C names verbatim.
 *
 * @module
 */
import { collectives } from "./collectives.ts";
import { comm } from "./comm.ts";
import { datatype } from "./datatype.ts";
import { environment } from "./environment.ts";
import { errors } from "./errors.ts";
import { group } from "./group.ts";
import { info } from "./info.ts";
import { io } from "./io.ts";
import { rmaOperations, rmaSync, windows } from "./rma.ts";
import { large } from "./large.ts";
import { p2p, requests } from "./p2p.ts";
import { partitioned } from "./partitioned.ts";
import { process } from "./process.ts";
import { session } from "./session.ts";
import { topology } from "./topology.ts";

/** Every C function mpi4ts binds. */
export const symbols = {
  ...environment,
  ...errors,
  ...p2p,
  ...requests,
  ...comm,
  ...group,
  ...info,
  ...datatype,
  ...collectives,
  ...topology,
  ...io,
  ...windows,
  ...rmaOperations,
  ...rmaSync,
  ...session,
  ...partitioned,
  ...process,
  ...large,
} as const;

/** The type of the symbol table. */
export type Symbols = typeof symbols;
