/**
 * A task's thrown error, carried from the worker to the caller. The value
 * codec would keep an `Error`'s message but not always its `name`, `stack`
 * or `cause` (a subclass or a non-standard name comes back as `Error`), so
 * an error travels as a plain record and is rebuilt with all four.
 *
 * @module
 */

/** An error as it travels: plain fields only. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** The cause, itself a wire error when it was an `Error`. */
  readonly cause?: unknown;
  readonly causeIsError?: boolean;
  /** Own enumerable properties such as `code`, when they can travel. */
  readonly props?: Record<string, unknown>;
}

const BUILTIN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Own properties worth keeping (`code`, `errno`, ...): primitives only. */
function ownProps(e: Error): Record<string, unknown> | undefined {
  let props: Record<string, unknown> | undefined;
  for (const key of Object.keys(e)) {
    if (key === "cause" || key === "name" || key === "message") continue;
    const v = (e as unknown as Record<string, unknown>)[key];
    if (v === null || (typeof v !== "object" && typeof v !== "function")) {
      (props ??= {})[key] = v;
    }
  }
  return props;
}

/**
 * The wire form of anything thrown: an `Error` keeps name, message, stack,
 * cause (recursively, to a depth of 8) and primitive own properties; any
 * other thrown value becomes an `Error` whose message is its text.
 *
 * @example
 * ```ts
 * const e = errorFromWire(toWireError(new RangeError("x", { cause: 7 })));
 * console.log(e.name, e.message, e.cause); // RangeError x 7
 * ```
 */
export function toWireError(thrown: unknown, depth = 0): WireError {
  if (!(thrown instanceof Error)) {
    return { name: "Error", message: String(thrown) };
  }
  const hasCause = "cause" in thrown && depth < 8;
  const cause = hasCause ? thrown.cause : undefined;
  const causeIsError = cause instanceof Error;
  return {
    name: thrown.name,
    message: thrown.message,
    stack: thrown.stack,
    ...(hasCause
      ? { cause: causeIsError ? toWireError(cause, depth + 1) : cause }
      : {}),
    ...(causeIsError ? { causeIsError } : {}),
    ...(ownProps(thrown) ? { props: ownProps(thrown) } : {}),
  };
}

/**
 * The `Error` a wire error describes: a built-in class when the name is
 * one (`TypeError`, ...), else an `Error` carrying the original name.
 *
 * @example
 * ```ts
 * const e = errorFromWire({ name: "ParseError", message: "bad row" });
 * console.log(e instanceof Error, e.name); // true ParseError
 * ```
 */
export function errorFromWire(w: WireError): Error {
  const Ctor = Object.hasOwn(BUILTIN, w.name) ? BUILTIN[w.name] : Error;
  const options = "cause" in w
    ? {
      cause: w.causeIsError ? errorFromWire(w.cause as WireError) : w.cause,
    }
    : undefined;
  const error = new Ctor(w.message, options);
  if (error.name !== w.name) {
    Object.defineProperty(error, "name", {
      value: w.name,
      writable: true,
      configurable: true,
    });
  }
  if (w.stack !== undefined) error.stack = w.stack;
  if (w.props) Object.assign(error, w.props);
  return error;
}
