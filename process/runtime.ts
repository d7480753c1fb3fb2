/**
 * `runtimeCommand`: the command that starts the current JavaScript runtime
 * (Deno, Node or Bun, with the flags this process was started with) on a
 * script, for `Spawn`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { runtimeLauncher } from "../ffi/process.ts";
import { describe } from "../core/errors.ts";

/**
 * A command and its arguments, as `Spawn` takes them.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const cmd: mpi.RuntimeCommand = mpi.runtimeCommand("worker.ts");
 * console.log(cmd.command, cmd.args.at(-1)); // ... worker.ts
 * ```
 */
export interface RuntimeCommand {
  /** The runtime's executable (absolute path). */
  readonly command: string;
  /** The runtime's flags, the script, then the script's arguments. */
  readonly args: string[];
}

function scriptPath(script: unknown): string {
  if (script instanceof URL) {
    if (script.protocol === "file:") return fileURLToPath(script);
    return script.href; // Deno runs http(s) modules too
  }
  if (typeof script === "string" && script !== "") {
    return script.startsWith("file:") ? fileURLToPath(script) : script;
  }
  throw new TypeError(
    `script must be a path or a URL, got ${describe(script)}`,
  );
}

/**
 * The command that starts the current runtime on `script` with `args`:
 * under Deno `deno run` with `-A` when this process has every permission
 * (else one `--allow-<name>` flag per permission it has in full), under
 * Node `node` with this process's `execArgv`, under Bun `bun`. Pass its
 * `command` and `args` to `Spawn` to start TypeScript workers. A relative
 * path is resolved by the started processes (in the parent's working
 * directory, Open MPI's default); pass `new URL("./worker.ts",
 * import.meta.url)` to name a file next to the calling module.
 *
 * @example Start two workers running worker.ts
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const { command, args } = mpi.runtimeCommand(
 *   new URL("./worker.ts", import.meta.url),
 *   ["--verbose"],
 * );
 * console.log(command, args); // e.g. /usr/bin/deno [ "run", "-A", "/app/worker.ts", "--verbose" ]
 * // using workers = mpi.COMM_SELF.Spawn(command, args, 2);
 * ```
 */
export function runtimeCommand(
  script: string | URL,
  args: readonly string[] = [],
): RuntimeCommand {
  const path = scriptPath(script);
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) {
    throw new TypeError(
      `args must be an array of strings, got ${describe(args)}`,
    );
  }
  const launcher = runtimeLauncher();
  return {
    command: launcher.command,
    args: [...launcher.args, path, ...args],
  };
}
