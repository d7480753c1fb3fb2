/**
 * Process facilities that differ between runtimes and are needed before
 * the MPI library loads (settings, the command line): the program's
 * arguments, the environment and exit. Deno has its own namespace; Node and
 * Bun share Node's `process`. Loads no FFI.
 *
 * @module
 */
import { accessSync, constants, statSync } from "node:fs";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface DenoProcess {
  args: string[];
  execPath(): string;
  permissions: {
    querySync(descriptor: { name: string }): { state: string };
  };
  env: { get(name: string): string | undefined };
  exit(code: number): never;
}

interface NodeProcess {
  argv: string[];
  execPath: string;
  execArgv: string[];
  env: Record<string, string | undefined>;
  exit(code: number): never;
}

const g = globalThis as {
  Deno?: DenoProcess;
  process?: NodeProcess;
};

/** Deno's permissions, each one a `--allow-<name>` flag. */
const DENO_PERMISSIONS = [
  "read",
  "write",
  "net",
  "env",
  "sys",
  "run",
  "ffi",
  "import",
] as const;

/**
 * The command line that starts this runtime on a script, as this process
 * was started: the executable, then the arguments that go before the
 * script. Deno: `deno run` with `-A` when every permission is granted, else
 * one `--allow-<name>` per permission granted in full (Deno does not tell
 * other flags, nor permissions granted for some paths or hosts only). Node:
 * its `execArgv` (`--import`, `--expose-gc`, ...). Bun: its `execArgv`.
 */
export function runtimeLauncher(): { command: string; args: string[] } {
  const deno = g.Deno;
  if (deno) {
    const states = DENO_PERMISSIONS.map((name) => {
      try {
        return [name, deno.permissions.querySync({ name }).state];
      } catch {
        return [name, "unknown"]; // a permission this Deno does not have
      }
    });
    const granted = states.filter(([, state]) => state === "granted");
    const flags = states.every(([, s]) => s === "granted" || s === "unknown")
      ? ["-A"]
      : granted.map(([name]) => `--allow-${name}`);
    return { command: deno.execPath(), args: ["run", ...flags] };
  }
  const node = g.process!;
  return { command: node.execPath, args: [...node.execArgv] };
}

/** The program's arguments (after the script). */
export function programArgs(): string[] {
  return g.Deno ? [...g.Deno.args] : g.process!.argv.slice(2);
}

/** Makes the running program see `script` and `args` as its own. */
export function setProgramArgs(script: string, args: string[]): void {
  if (g.Deno) {
    Object.defineProperty(g.Deno, "args", { value: args, configurable: true });
  } else g.process?.argv.splice(1, g.process.argv.length, script, ...args);
}

/** An environment variable, or `undefined` (also when not permitted to read it). */
export function envVar(name: string): string | undefined {
  try {
    return g.Deno ? g.Deno.env.get(name) : g.process?.env[name];
  } catch {
    return undefined;
  }
}

/** Ends the process. */
export function exitProcess(code: number): never {
  return g.Deno ? g.Deno.exit(code) : g.process!.exit(code);
}

/**
 * Whether the module of `meta` is the program: `import.meta.main` where the
 * runtime has it (Deno, Bun), else whether it is Node's `argv[1]`.
 */
export function isMainModule(meta: ImportMeta): boolean {
  const flag = (meta as { main?: boolean }).main;
  if (flag !== undefined) return flag;
  const script = g.process?.argv[1];
  return !!script && pathToFileURL(realpathSync(script)).href === meta.url;
}

/**
 * Whether `command` names an executable file here: a path (with a `/`) as
 * it is, else a file in one of the `PATH` directories.
 */
export function isExecutable(command: string): boolean {
  const dirs = command.includes("/")
    ? [""]
    : (envVar("PATH") ?? "").split(":").map((d) => (d || ".") + "/");
  return dirs.some((dir) => {
    try {
      accessSync(dir + command, constants.X_OK);
      return statSync(dir + command).isFile();
    } catch {
      return false;
    }
  });
}
