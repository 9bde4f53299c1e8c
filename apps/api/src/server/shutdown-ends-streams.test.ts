// A server that is asked to stop must not wait on its change streams: they
// stay open for as long as their runners live, so the drain would never end.
// It ends each with Unavailable, which a runner takes as "reconnect" (to
// another replica, or to this one restarted), never as a finished session.

import * as http2 from "node:http2";
import { BindingService, CredentialService, ProjectService, ProviderType, SessionService } from "@acp/proto";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { tokenKubeconfig } from "../testing/access-fixtures.js";
import { serveInProcess } from "../testing/serve-in-process.js";
import { streamReader } from "../testing/stream-reader.js";

const transports: Record<string, (url: string) => Transport> = {
  grpc: (baseUrl) => createGrpcTransport({ baseUrl }),
  "connect over HTTP/1.1": (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "1.1" }),
};

describe("shutting down with change streams open", () => {
  it.each(Object.keys(transports))("over %s, ends them with Unavailable and stops", async (name) => {
    const api = await serveInProcess([]);
    const auth = { headers: { Authorization: `Bearer ${api.adminToken}` } };
    const admin = <S extends DescService>(service: S) =>
      createClient(service, createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }));
    const { project } = await admin(ProjectService).createProject({ name: "draining" }, auth);
    const { credential } = await admin(CredentialService).createCredential(
      { name: "cluster", provider: ProviderType.KUBECONFIG, secret: tokenKubeconfig("sha256~draining") },
      auth,
    );
    await admin(BindingService).createBinding(
      { credentialId: credential!.id, target: { case: "projectId", value: project!.id } },
      auth,
    );
    const { runnerToken } = await admin(SessionService).createSession({ projectId: project!.id }, auth);
    const stream = streamReader(
      createClient(SessionService, transports[name]!(api.url)).watchSessionCredentials(
        {},
        { headers: { Authorization: `Bearer ${runnerToken}` } },
      ),
    );
    await stream.message("the initial set");

    const stopped = api.stop();
    const ended = await stream.next("the end of the stream").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(ConnectError.from(ended).code).toBe(Code.Unavailable);
    // Bounded by the stream reader's wait above and the suite's timeout: a
    // drain held open by the stream would never get here.
    expect(await stopped).toBe(0);
  });
});

describe("shutting down with a call that never finishes", () => {
  it("cuts it after --drain-timeout instead of waiting for it", async () => {
    const api = await serveInProcess(["--drain-timeout", "1s"]);
    const session = http2.connect(api.url);
    session.on("error", () => {});
    // A body that never ends: the call can neither finish nor time out before
    // the 1 m request timeout, so only the drain deadline can end it.
    const stream = session.request({
      ":method": "POST",
      ":path": "/acp.users.v1.UserService/GetCurrentUser",
      "content-type": "application/proto",
      authorization: `Bearer ${api.adminToken}`,
    });
    stream.on("error", () => {});
    stream.write(Buffer.alloc(16));
    const streamClosed = new Promise((resolve) => stream.once("close", resolve));
    await new Promise((resolve) => session.once("remoteSettings", resolve));

    // Without the cut, stop() waits out the 1 m request timeout, past the suite's.
    expect(await api.stop()).toBe(0);
    await streamClosed;
    expect(api.logText()).toContain("connections cut at shutdown");
    session.destroy();
  });
});
