// The channel's transport choices, against servers the test controls: TLS
// with a private CA, plaintext, keepalive pings on an idle connection.
import * as http2 from "node:http2";
import * as net from "node:net";
import { selfSignedCertificate } from "@acp/api-harness";
import { Health, HealthCheckResponse_ServingStatus } from "@acp/proto";
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { channelOptions, type GrpcChannel, openGrpcChannel } from "./grpc-channel.js";
import { createGrpcClient } from "./grpc-client.js";
import { grpcServiceDefinition } from "./grpc-service-definition.js";

/** Polls until `check` holds, failing after `ms`. */
async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function opened(channel: GrpcChannel): GrpcChannel {
  onTestFinished(() => channel.close());
  return channel;
}

describe("a TLS server with a private CA", () => {
  let server: Server;
  let port: number;
  let caPem: string;

  beforeAll(async () => {
    const certificate = selfSignedCertificate();
    caPem = certificate.certPem;
    server = new Server();
    server.addService(grpcServiceDefinition(Health), {
      check: (_call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) =>
        done(null, { status: HealthCheckResponse_ServingStatus.SERVING }),
    });
    const credentials = ServerCredentials.createSsl(null, [
      { private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(caPem) },
    ]);
    port = await new Promise((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  });
  afterAll(async () => {
    server?.forceShutdown();
  });

  it("calls it over https:// when given the CA", async () => {
    const channel = opened(openGrpcChannel(`https://localhost:${port}`, { caPem }));
    expect(channel.target).toBe(`dns:///localhost:${port}`);
    const answer = await createGrpcClient(Health, channel).check({}, { deadline: Date.now() + 10_000 });
    expect(answer.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
  });

  it("does not trust it with the system roots, nor speak plaintext to it", async () => {
    for (const [server_, options] of [
      [`https://localhost:${port}`, {}],
      [`http://localhost:${port}`, {}],
    ] as const) {
      const health = createGrpcClient(Health, opened(openGrpcChannel(server_, options)));
      await expect(health.check({}, { deadline: Date.now() + 10_000 })).rejects.toMatchObject({
        codeName: "UNAVAILABLE",
      });
    }
  });
});

describe("keepalive", () => {
  it("pings an idle connection, with no call open", async () => {
    const server = http2.createServer();
    let pings = 0;
    server.on("session", (session) => session.on("ping", () => pings++));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as net.AddressInfo;
    const channel = opened(openGrpcChannel(`http://127.0.0.1:${port}`, { keepaliveTimeMs: 100 }));
    // Asking for the state with tryToConnect opens the connection without a call.
    channel.client.getChannel().getConnectivityState(true);
    await eventually(() => pings >= 2, 10_000, "two keepalive pings");
  });

  it("is on by default at 30 s, permitted without calls, with round_robin over what the name resolves to", () => {
    const options = channelOptions({});
    expect(options).toMatchObject({
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_permit_without_calls": 1,
    });
    expect(JSON.parse(options["grpc.service_config"]!)).toEqual({ loadBalancingConfig: [{ round_robin: {} }] });
    expect(JSON.parse(channelOptions({ loadBalancing: "pick_first" })["grpc.service_config"]!)).toEqual({
      loadBalancingConfig: [{ pick_first: { shuffleAddressList: true } }],
    });
  });
});

describe("the channel's state", () => {
  it("tells a pick_first channel's user when the server sends GOAWAY", async () => {
    const server = http2.createServer();
    const sessions: http2.ServerHttp2Session[] = [];
    server.on("session", (session) => sessions.push(session));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      for (const session of sessions) session.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const { port } = server.address() as net.AddressInfo;
    const channel = opened(openGrpcChannel(`http://127.0.0.1:${port}`, { loadBalancing: "pick_first" }));
    channel.client.getChannel().getConnectivityState(true);
    await eventually(() => channel.state() === "READY", 10_000, "READY");

    const left: string[] = [];
    const stopped: string[] = [];
    channel.onceStateLeaves("READY", (now) => left.push(now));
    channel.onceStateLeaves("READY", (now) => stopped.push(now))();
    expect(left).toEqual([]);
    for (const session of sessions) session.goaway();
    await eventually(() => left.length > 0, 10_000, "the channel to leave READY");
    expect(left).toHaveLength(1);
    expect(left[0]).not.toBe("READY");
    expect(stopped).toEqual([]);
  });
});

describe("a server that is not listening", () => {
  it("fails the call UNAVAILABLE", async () => {
    const port = await closedPort();
    const health = createGrpcClient(Health, opened(openGrpcChannel(`http://127.0.0.1:${port}`)));
    await expect(health.check({}, { deadline: Date.now() + 10_000 })).rejects.toMatchObject({
      codeName: "UNAVAILABLE",
    });
  });
});

/** A port that was free a moment ago. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
