import { once } from "node:events";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { selfSignedCertificate } from "@acp/api-harness";
import { CredentialService, ListCredentialsResponseSchema } from "@acp/proto";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { createApiClients, http1ApiClients } from "./api-clients.js";
import { Http1Connections, nodeCallError } from "./http1-client.js";

const target = (server: string) => ({ server, token: "t0ken", tokenSource: { kind: "env" } as const });

/** How one ListCredentials through fresh clients fails. */
async function listFailure(to: ReturnType<typeof target>, timeoutMs = 5000): Promise<ConnectError> {
  const api = await createApiClients(to, { timeoutMs, http2: false });
  try {
    return (await api
      .client(CredentialService)
      .listCredentials({})
      .then(() => expect.fail("the call succeeded"))
      .catch((e: unknown) => e)) as ConnectError;
  } finally {
    api.close();
  }
}

describe("nodeCallError", () => {
  it("says Unavailable, with the system error as cause, when the server was never reached", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"]) {
      const cause = Object.assign(new Error(`connect ${code}`), { code });
      const error = nodeCallError(cause);
      expect(error.code).toBe(Code.Unavailable);
      expect(error.cause).toBe(cause);
    }
  });

  it("says Aborted for a reset connection and Internal for anything else", () => {
    expect(nodeCallError(Object.assign(new Error("reset"), { code: "ECONNRESET" })).code).toBe(Code.Aborted);
    expect(nodeCallError(new Error("odd")).code).toBe(Code.Internal);
  });
});

describe("the HTTP/1.1 client", () => {
  let server: http.Server | undefined;
  afterEach(() => server?.close());
  const serve = async (handler: http.RequestListener) => {
    server = http.createServer(handler);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it("sends the token and reads a Connect answer with its headers", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers);
      req.resume().on("end", () => {
        res.writeHead(200, { "content-type": "application/proto" }).end();
      });
    });
    const api = await createApiClients(target(url), { timeoutMs: 5000, http2: false });
    const answer = await api.client(CredentialService).listCredentials({});
    api.close();
    expect(answer.credentials).toEqual([]);
    expect(seen[0]?.authorization).toBe("Bearer t0ken");
    expect(seen[0]?.["content-type"]).toBe("application/proto");
  });

  it("turns a Connect error answer into its code and message", async () => {
    const url = await serve((req, res) => {
      req.resume().on("end", () => {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "not_found", message: "no credential x" }));
      });
    });
    const api = await createApiClients(target(url), { timeoutMs: 5000, http2: false });
    const failure = await api
      .client(CredentialService)
      .getCredential({})
      .catch((e: unknown) => e);
    api.close();
    expect(failure).toBeInstanceOf(ConnectError);
    expect((failure as ConnectError).code).toBe(Code.NotFound);
    expect((failure as ConnectError).rawMessage).toBe("no credential x");
  });

  it("gives up at the deadline on a server that never answers", async () => {
    const url = await serve(() => {});
    expect((await listFailure(target(url), 200)).code).toBe(Code.DeadlineExceeded);
  });

  it("reads a chunked answer, and makes the next call on the same connection", async () => {
    const answer = toBinary(
      ListCredentialsResponseSchema,
      create(ListCredentialsResponseSchema, { credentials: [{ id: "cred_1", name: "one" }], nextPageToken: "" }),
    );
    let connections = 0;
    const url = await serve((req, res) => {
      req.resume().on("end", () => {
        res.writeHead(200, { "content-type": "application/proto" });
        // Two writes and no length: node sends it chunked.
        res.write(answer.subarray(0, 3));
        res.end(answer.subarray(3));
      });
    });
    server!.on("connection", () => connections++);
    const api = await createApiClients(target(url), { timeoutMs: 5000, http2: false });
    const first = await api.client(CredentialService).listCredentials({});
    const second = await api.client(CredentialService).listCredentials({});
    api.close();
    expect(first.credentials[0]?.name).toBe("one");
    expect(second.credentials[0]?.id).toBe("cred_1");
    expect(connections).toBe(1);
  });

  it("refuses a token with a line break before anything is sent, without quoting it", async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.end();
    });
    const forged = { server: url, token: "t0ken\r\nx-admin: yes", tokenSource: { kind: "env" } as const };
    const failure = await listFailure(forged);
    expect(failure.code).toBe(Code.InvalidArgument);
    expect(failure.rawMessage).not.toContain("t0ken");
    expect(requests).toBe(0);
  });

  it("reports a closed port as Unavailable with the system error's code", async () => {
    const url = await serve(() => {});
    server!.close();
    await once(server!, "close");
    const failure = await listFailure(target(url));
    expect(failure.code).toBe(Code.Unavailable);
    expect((failure.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });
});

describe("the HTTP/1.1 client over TLS", () => {
  const certificate = selfSignedCertificate();
  let server: https.Server | undefined;
  afterEach(() => server?.close());
  const serve = async () => {
    server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
      req.resume().on("end", () => res.writeHead(200, { "content-type": "application/proto" }).end());
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it("refuses a server whose certificate it cannot verify", async () => {
    const url = await serve();
    const failure = await listFailure(target(url));
    expect(failure).toBeInstanceOf(ConnectError);
    expect((failure.cause as { code?: string }).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });

  it("calls a server it trusts", async () => {
    const url = await serve();
    const trusting = new Http1Connections((to) =>
      tlsConnect({ host: to.hostname, port: Number(to.port), ca: certificate.certPem, ALPNProtocols: ["http/1.1"] }),
    );
    const api = http1ApiClients(url, target(url), { timeoutMs: 5000, http2: false }, trusting);
    const answer = await api.client(CredentialService).listCredentials({});
    api.close();
    expect(answer.credentials).toEqual([]);
  });
});
