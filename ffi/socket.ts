/**
 * The two facts `Comm.Join` needs about a file descriptor, from the C
 * library (Linux): whether it is a connected socket, and blocking mode.
 * MPI's join reads and writes the socket with plain blocking calls, while
 * Node's sockets (libuv) are non-blocking, so the descriptor is made
 * blocking for the call and restored afterwards.
 *
 * @module
 */
import { openLibc } from "./lib.ts";
import type { Bound, FnDef } from "./types.ts";

const table = {
  getpeername: {
    parameters: [
      "i32", // int sockfd
      "buffer", // struct sockaddr *addr
      "buffer", // socklen_t *addrlen
    ],
    result: "i32",
  },
  fcntl: {
    parameters: [
      "i32", // int fd
      "i32", // int cmd
      "i32", // int arg (F_SETFL)
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;

const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;

let libc: Bound<typeof table> | undefined;

function c(): Bound<typeof table> {
  libc ??= openLibc(table);
  return libc;
}

/** Whether `fd` is a socket connected to a peer (`getpeername` succeeds). */
export function isConnectedSocket(fd: number): boolean {
  const address = new Uint8Array(128); // sizeof(struct sockaddr_storage)
  const length = new Uint32Array([address.byteLength]);
  return c().getpeername(fd, address, length) === 0;
}

/** Runs `fn` with `fd` in blocking mode, then restores the mode it had. */
export function whileBlocking<T>(fd: number, fn: () => T): T {
  const flags = c().fcntl(fd, F_GETFL, 0);
  const nonblocking = flags >= 0 && (flags & O_NONBLOCK) !== 0;
  if (nonblocking) c().fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  try {
    return fn();
  } finally {
    if (nonblocking) c().fcntl(fd, F_SETFL, flags);
  }
}
