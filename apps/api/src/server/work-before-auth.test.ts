// Acceptance (issue 11, findings 7, 9, 11): a request without a token is
// refused on its headers, before its body is read; JSON depth is bounded
// before parsing; parse errors never quote the body; and every refusal,
// including those made before any handler, is one log line with its code.
import * as http2 from "node:http2";
import * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type ServedApi, serveInProcess } from "../testing/serve-in-process.js";

const listPath = "/acp.credentials.v1.CredentialService/ListCredentials";
const secretLooking = "ghp_SuperSecretToken0123456789";

describe("acp-api before authentication", () => {
  let api: ServedApi;
  beforeAll(async () => {
    api = await serveInProcess(["--max-json-depth", "32"]);
  });
  afterAll(async () => expect(await api.stop()).toBe(0));

  const post = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(`${api.url}${path}`, { method: "POST", body, headers });
    return { status: res.status, text: await res.text() };
  };
  const admin = () => ({ authorization: `Bearer ${api.adminToken}` });
  /** Writes raw HTTP/1.1 bytes, and answers what came back once `answered` holds for it. */
  const rawHttp1 = async (writes: readonly string[], what: string, answered: (received: string) => boolean) => {
    const socket = net.connect(api.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("error", () => {});
    try {
      for (const bytes of writes) socket.write(bytes);
      return await eventually(what, () => (answered(received) ? received : undefined));
    } finally {
      socket.destroy();
    }
  };
  const rpcLines = (method: string) => api.logEntries().filter((e) => e["msg"] === "rpc" && e["method"] === method);

  it("refuses a large nested body without a token before the body has arrived", async () => {
    // Before: the server read all 8 MB and parsed them (780 ms for 4 MB of [[[…]]]), then answered
    // invalid_argument: the body was parsed before the token was looked at.
    const answer = await rawHttp1(
      [
        `POST ${listPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 8000000\r\n\r\n`,
        // Only 64 KB of the promised 8 MB: an answer can come only from the headers.
        "[".repeat(65_536),
      ],
      "an answer while the body is unsent",
      (received) => received.includes("\r\n\r\n{") && received.endsWith("}"),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('"code":"unauthenticated"');
    expect(rpcLines("/acp.credentials.v1.CredentialService/ListCredentials").at(-1)).toMatchObject({
      code: "unauthenticated",
    });
  });

  it("refuses JSON nested deeper than --max-json-depth, from an authenticated caller, without parsing it", async () => {
    const deep = `{"pageToken":${"[".repeat(40)}${"]".repeat(40)}}`;
    const res = await post(listPath, deep, { "content-type": "application/json", ...admin() });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({
      code: "invalid_argument",
      message: "request JSON is nested deeper than 32 levels",
    });
    // Brackets inside a string are not nesting.
    const quoted = await post(listPath, `{"pageToken":"${"[".repeat(40)}"}`, {
      "content-type": "application/json",
      ...admin(),
    });
    expect(JSON.parse(quoted.text).message).not.toMatch(/nested/);
  });

  it("never quotes a malformed body, with or without a token, unary or streaming, in the answer or the log", async () => {
    // Before: `cannot decode message … from JSON: Unexpected token 'g', "ghp_SuperS"... is not valid JSON`,
    // to a caller with a token and to one without; and no log line at all.
    const withToken = await post(listPath, secretLooking, { "content-type": "application/json", ...admin() });
    const withoutToken = await post(listPath, secretLooking, { "content-type": "application/json" });
    expect(withToken.status).toBe(400);
    expect(JSON.parse(withToken.text)).toEqual({
      code: "invalid_argument",
      message: "invalid request message: cannot decode message acp.credentials.v1.ListCredentialsRequest",
    });
    expect(withoutToken.status).toBe(401);
    // A server stream over Connect: the error travels in the end-stream message.
    const payload = Buffer.from(secretLooking);
    const envelope = Buffer.concat([Buffer.from([0, 0, 0, 0, payload.length]), payload]);
    const streaming = await post("/acp.sessions.v1.SessionService/WatchSessionCredentials", envelope, {
      "content-type": "application/connect+json",
      ...admin(),
    });
    expect(streaming.text).toContain('"code":"invalid_argument"');
    for (const text of [withToken.text, withoutToken.text, streaming.text, api.logText()]) {
      expect(text).not.toContain("ghp_");
      expect(text).not.toContain("Unexpected token");
    }
    const codes = rpcLines(listPath).map((e) => e["code"]);
    expect(codes.slice(-2)).toEqual(["invalid_argument", "unauthenticated"]);
    expect(rpcLines("/acp.sessions.v1.SessionService/WatchSessionCredentials").at(-1)).toMatchObject({
      code: "invalid_argument",
      protocol: "connect",
    });
  });

  it("logs a refusal made by the protocol layer (415, unknown path) with its code", async () => {
    // Before: neither produced any log line.
    const unsupported = await post(listPath, "{}", { "content-type": "text/plain", ...admin() });
    expect(unsupported.status).toBe(415);
    expect(rpcLines(listPath).at(-1)).toMatchObject({ code: "unknown", http_status: 415 });
    const unknown = await post(`/no.such.Service/${secretLooking}`, "{}", { "content-type": "application/json" });
    expect(unknown.status).toBe(404);
    const rejected = api.logEntries().filter((e) => e["msg"] === "request rejected" && e["http_status"] === 404);
    expect(rejected.length).toBeGreaterThan(0);
    expect(api.logText()).not.toContain("ghp_");
  });

  it("answers a Host or :authority that makes no URL with 400, over HTTP/1.1 and HTTP/2, and keeps serving", async () => {
    // Before: over HTTP/2 the URL's TypeError left the request listener and ended the process.
    const client = http2.connect(api.url);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = client.request({
          ":method": "POST",
          ":path": listPath,
          ":authority": "[::1",
          "content-type": "application/json",
          ...admin(),
        });
        stream.on("response", (headers) => resolve(Number(headers[":status"])));
        stream.on("error", reject);
        stream.end("{}");
        stream.resume();
      });
      expect(status).toBe(400);
    } finally {
      client.close();
    }
    const answer = await rawHttp1(
      [`POST ${listPath} HTTP/1.1\r\nHost: [::1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      "an answer",
      (received) => received.includes("\r\n\r\n"),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const refusals = api.logEntries().filter((e) => e["reason"] === "malformed authority");
    expect(refusals.map((e) => e["code"])).toEqual(["invalid_argument", "invalid_argument"]);
    expect((await post(listPath, "{}", { "content-type": "application/json", ...admin() })).status).toBe(200);
  });
});
