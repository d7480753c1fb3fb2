// mpi4ts-test: np=1,2,3
/**
 * Connecting jobs at run time (the scenarios of mpi4py's test_dynproc.py):
 * ports, `Accept`/`Connect` between this job and one it started, the name
 * service within a job, and `Comm.Join` over a socket. Where the library
 * cannot open ports (MPICH built with ch4:ucx) every such call throws a
 * prompt `MPIError` that says so, and never waits.
 */
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  canSpawn,
  fixture,
  mpi,
  NO_SPAWN,
  rank,
  size,
  test,
  world,
} from "./_util.ts";
import net from "node:net";

const CHILD = fixture("spawn_child");

const openmpi = mpi.Get_library_version().startsWith("Open MPI");

/** Asserts that `fn` throws a prompt MPIError saying ports are unavailable. */
function assertUnsupported(fn: () => unknown): void {
  const t0 = performance.now();
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof mpi.MPIError, `expected MPIError, got ${e}`);
    assert.match(e.message, /cannot start processes or open ports/);
    return true;
  });
  assert.ok(performance.now() - t0 < 10_000, "the failure is prompt");
}

test({
  name: "Open_port gives a port name, Close_port closes it",
  ignore: NO_SPAWN,
  fn() {
    const port = mpi.Open_port();
    assert.equal(typeof port, "string");
    assert.ok(port.length > 0);
    const other = mpi.Open_port(mpi.INFO_NULL);
    assert.notEqual(other, port);
    mpi.Close_port(other);
    mpi.Close_port(port);
  },
});

test({
  name: "Accept and Connect join this job and one it started",
  ignore: NO_SPAWN,
  fn() {
    const cmd = mpi.runtimeCommand(CHILD, ["connect"]);
    using children = world.Spawn(cmd.command, cmd.args, 1);
    const port = rank === 0 ? mpi.Open_port() : "";
    if (rank === 0) children.send(port, 0, 3);
    // The port matters at the root only.
    const client = world.Accept(port, mpi.INFO_NULL, 0);
    assert.ok(client instanceof mpi.Intercomm);
    assert.equal(client.remote_size, 1);
    assert.equal(client.size, size);
    if (rank === 0) {
      assert.deepEqual(client.recv(0, 4), { from: 0, remote: size });
    }
    client.Disconnect();
    assert.equal(client.isLive, false);
    children.Disconnect();
    if (rank === 0) mpi.Close_port(port);
  },
});

test({
  name: "Accept and Connect join two halves of one job",
  ignore: NO_SPAWN || size < 2 && "needs 2 ranks",
  fn() {
    const server = rank < size / 2;
    using half = world.Split(server ? 0 : 1);
    const port = world.bcast(rank === 0 ? mpi.Open_port() : "") as string;
    const other = server
      ? half.Accept(port)
      : half.Connect(port, mpi.INFO_NULL);
    assert.equal(other.size, half.size);
    assert.equal(other.remote_size, size - half.size);
    // Each side's rank 0 tells the other its world rank.
    if (half.rank === 0) {
      const got = other.sendrecv(rank, 0, 6, 0, 6);
      assert.equal(got, server ? Math.ceil(size / 2) : 0);
    }
    using merged = other.Merge(!server);
    assert.equal(merged.size, size);
    assert.equal(merged.rank, rank);
    other.Disconnect();
    if (rank === 0) mpi.Close_port(port);
  },
});

test("Accept and Connect check their arguments on every rank", () => {
  const ok = rank === 0;
  for (const meet of [world.Accept, world.Connect]) {
    const call = (port: unknown, root = 0, info: unknown = mpi.INFO_NULL) =>
      meet.call(world, port as string, info as mpi.Info, root);
    if (ok) assertThrowsNaming(() => call(42), TypeError, /port/);
    else assertMPIError(() => call(42), mpi.ERR_ARG);
    const port = "1.0:1"; // shaped like a port name of either library
    if (ok) assertThrowsNaming(() => call(port, 0, 7), TypeError, /info/);
    else assertMPIError(() => call(port, 0, 7), mpi.ERR_ARG);
    assertMPIError(() => call(port, size), mpi.ERR_ROOT);
    if (openmpi) {
      // Open MPI 4.1 would fail at the root only, leaving the others waiting.
      if (ok) assertMPIError(() => call("no port"), mpi.ERR_PORT);
      else assertMPIError(() => call("no port"), mpi.ERR_ARG);
    }
  }
});

test("Publish_name, Lookup_name and Unpublish_name within a job", () => {
  // Names are per launch (mpiexec's name service); make this one unique.
  const stamp = world.bcast(rank === 0 ? `${Date.now()}` : "");
  const service = `mpi4ts-test-${stamp}`;
  // The name service does not look inside port names.
  const port = canSpawn && rank === 0 ? mpi.Open_port() : `port-${stamp}`;
  const published = world.bcast(port) as string;
  if (rank === 0) mpi.Publish_name(service, published);
  world.Barrier();
  assert.equal(mpi.Lookup_name(service), published);
  assert.equal(mpi.Lookup_name(service, mpi.INFO_NULL), published);
  world.Barrier();
  if (rank === 0) mpi.Unpublish_name(service, published);
  world.Barrier();
  assertMPIError(() => mpi.Lookup_name(service), mpi.ERR_NAME);
  if (canSpawn && rank === 0) mpi.Close_port(port);
});

/** Node's sockets expose their file descriptor; Deno's and Bun's do not. */
const socketFds = !("Deno" in globalThis) && !("Bun" in globalThis);

/** A TCP connection between world ranks 0 and 1: this side's socket. */
async function socketPair(): Promise<net.Socket> {
  if (rank === 0) {
    const server = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    world.send((server.address() as net.AddressInfo).port, 1, 5);
    const socket = await new Promise<net.Socket>((ok) =>
      server.once("connection", ok)
    );
    server.close();
    return socket;
  }
  const socket = net.connect({ port: world.recv(0, 5) as number });
  await new Promise((ok) => socket.once("connect", ok));
  socket.pause(); // MPI reads the socket, not Node
  return socket;
}

test({
  name: "Join connects two processes over a socket",
  ignore: NO_SPAWN || size !== 2 && "needs exactly 2 ranks" ||
    !socketFds && "this runtime gives no socket file descriptors",
  async fn() {
    const socket = await socketPair();
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    const other = mpi.Comm.Join(fd);
    assert.ok(other instanceof mpi.Intercomm);
    assert.equal(other.size, 1);
    assert.equal(other.remote_size, 1);
    assert.equal(other.sendrecv(`from ${rank}`, 0), `from ${1 - rank}`);
    other.Disconnect();
    socket.destroy();
  },
});

test({
  name: "where the library cannot connect processes, Join says so at once",
  ignore: canSpawn && "this library can connect processes" ||
    size !== 2 && "needs exactly 2 ranks" ||
    !socketFds && "this runtime gives no socket file descriptors",
  async fn() {
    const socket = await socketPair();
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    assertUnsupported(() => mpi.Comm.Join(fd));
    socket.destroy();
  },
});

test("Join refuses what is not a connected socket, before MPI waits on it", () => {
  assertMPIError(() => mpi.Comm.Join(0), mpi.ERR_ARG);
});

test("the port and name calls name a bad argument", () => {
  assertThrowsNaming(() => mpi.Close_port(1 as never), TypeError, /port/);
  assertThrowsNaming(() => mpi.Publish_name("", "p"), TypeError, /service/);
  assertThrowsNaming(
    () => mpi.Publish_name("s", null as never),
    TypeError,
    /port/,
  );
  assertThrowsNaming(
    () => mpi.Unpublish_name(3 as never, "p"),
    TypeError,
    /service/,
  );
  assertThrowsNaming(() => mpi.Lookup_name(3 as never), TypeError, /service/);
  assertThrowsNaming(
    () => mpi.Lookup_name("s", {} as never),
    TypeError,
    /info/,
  );
  assertThrowsNaming(() => mpi.Open_port("x" as never), TypeError, /info/);
  assertThrowsNaming(() => mpi.Comm.Join("3" as never), TypeError, /fd/);
  assertThrowsNaming(() => mpi.Comm.Join(-1), RangeError, /fd/);
});

test({
  name: "where the library cannot open ports, every call says so at once",
  ignore: canSpawn && "this library can open ports",
  fn() {
    assertUnsupported(() => mpi.Open_port());
    // A made-up port: the library must fail, not wait for a partner.
    const port = "tag#0$description#nobody$";
    assertUnsupported(() => mpi.COMM_SELF.Accept(port));
    assertUnsupported(() => mpi.COMM_SELF.Connect(port));
  },
});
