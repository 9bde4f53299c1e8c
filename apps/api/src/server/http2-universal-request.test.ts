import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import type { UniversalServerRequest } from "@connectrpc/connect/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { resetError, universalRequestFromHttp2 } from "./http2-universal-request.js";

const { constants } = http2;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A server that hands each request to `onRequest` as connect-es gets it, and a client session to it. */
async function serve(onRequest: (uReq: UniversalServerRequest, res: http2.Http2ServerResponse) => void) {
  const server = http2.createServer((req, res) =>
    onRequest(universalRequestFromHttp2(req, createContextValues()), res),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = http2.connect(`http://127.0.0.1:${port}`);
  cleanups.push(() => {
    client.destroy();
    server.close();
  });
  return { client, port };
}

const aborted = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    else signal.addEventListener("abort", () => resolve(signal.reason), { once: true });
  });

describe("universalRequestFromHttp2", () => {
  it("carries the method, URL, headers without pseudo-headers, and the body's bytes", async () => {
    let seen: { uReq: UniversalServerRequest; body: string } | undefined;
    const { client, port } = await serve(async (uReq, res) => {
      let body = "";
      for await (const chunk of uReq.body as AsyncIterable<Uint8Array>) body += Buffer.from(chunk).toString();
      seen = { uReq, body };
      res.end();
    });
    const stream = client.request({
      ":method": "POST",
      ":path": "/acp.credentials.v1.CredentialService/GetCredentialSecret?x=1",
      "content-type": "application/json",
      "x-trace": "abc",
    });
    stream.end('{"id":"cred_1"}');
    await new Promise((resolve) => stream.on("close", resolve).resume());
    expect(seen?.body).toBe('{"id":"cred_1"}');
    expect(seen?.uReq.method).toBe("POST");
    expect(seen?.uReq.httpVersion).toBe("2.0");
    expect(seen?.uReq.url).toBe(
      `http://127.0.0.1:${port}/acp.credentials.v1.CredentialService/GetCredentialSecret?x=1`,
    );
    expect(seen?.uReq.header.get("content-type")).toBe("application/json");
    expect(seen?.uReq.header.get("x-trace")).toBe("abc");
    expect([...(seen?.uReq.header.keys() ?? [])].some((name) => name.startsWith(":"))).toBe(false);
  });

  it("aborts the signal with an AbortError once the stream closes cleanly", async () => {
    let signal: AbortSignal | undefined;
    const { client } = await serve((uReq, res) => {
      signal = uReq.signal;
      res.end();
    });
    const stream = client.request({ ":path": "/x" });
    await new Promise((resolve) => stream.on("close", resolve).resume());
    const reason = await aborted(signal!);
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe("AbortError");
  });

  it("aborts the signal with Canceled when the client resets the stream", async () => {
    let signal: AbortSignal | undefined;
    let reached = () => {};
    const handled = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const { client } = await serve((uReq) => {
      signal = uReq.signal;
      reached();
    });
    const stream = client.request({ ":path": "/x" });
    await handled;
    stream.close(constants.NGHTTP2_CANCEL);
    const reason = await aborted(signal!);
    expect(reason).toBeInstanceOf(ConnectError);
    expect((reason as ConnectError).code).toBe(Code.Canceled);
    expect((reason as ConnectError).rawMessage).toBe("http/2 stream closed with error code CANCEL (0x8)");
  });

  it("maps HTTP/2 error codes as the gRPC spec does, and no error to none", () => {
    expect(resetError(constants.NGHTTP2_REFUSED_STREAM)?.code).toBe(Code.Unavailable);
    expect(resetError(constants.NGHTTP2_ENHANCE_YOUR_CALM)?.code).toBe(Code.ResourceExhausted);
    expect(resetError(constants.NGHTTP2_INTERNAL_ERROR)?.rawMessage).toBe(
      "http/2 stream closed with error code INTERNAL_ERROR (0x2)",
    );
    expect(resetError(constants.NGHTTP2_NO_ERROR)).toBeUndefined();
    expect(resetError(constants.NGHTTP2_STREAM_CLOSED)).toBeUndefined();
  });
});
