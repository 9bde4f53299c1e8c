// Answers are never compressed, whatever the client accepts: an answer holds
// secrets beside names and notes a caller chooses, and compressing the two
// together lets an answer's length give the secret away (see node-handler.ts).
// Compressed requests are still read.
import { connect, constants } from "node:http2";
import { gzipSync } from "node:zlib";
import { CredentialService, ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { useTestApi } from "../testing/test-api.js";
import { testBackends } from "../testing/test-databases.js";

const listPath = "/acp.credentials.v1.CredentialService/ListCredentials";

interface Answer {
  readonly headers: Record<string, unknown>;
  readonly body: Buffer;
  readonly trailers: Record<string, unknown>;
}

function post(url: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = connect(url);
    session.on("error", reject);
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: listPath,
      ...headers,
    });
    const chunks: Buffer[] = [];
    let answerHeaders: Record<string, unknown> = {};
    let trailers: Record<string, unknown> = {};
    stream.on("response", (h) => (answerHeaders = h));
    stream.on("trailers", (t) => (trailers = t));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", reject);
    stream.on("end", () => {
      session.close();
      resolve({ headers: answerHeaders, body: Buffer.concat(chunks), trailers });
    });
    stream.end(body);
  });
}

const envelope = (payload: Buffer, flags = 0) => {
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(payload.byteLength, 1);
  return Buffer.concat([header, payload]);
};

describe.each(testBackends)("answers on $name", (backend) => {
  const api = useTestApi(backend);

  it("go out uncompressed to a client that accepts gzip and brotli, over gRPC and Connect", async () => {
    const credentials = api.client(CredentialService, api.tokens.bob);
    // Far over connect-es's 1 KiB threshold for compressing.
    for (let i = 0; i < 12; i++) {
      await credentials.createCredential({
        name: `compress-probe-${i}-${"n".repeat(40)}`,
        provider: ProviderType.GITLAB,
        secret: `glpat-compressprobe${i}0000000000`,
      });
    }
    const auth = { authorization: `Bearer ${api.tokens.bob}` };

    const grpc = await post(
      api.url,
      { "content-type": "application/grpc", te: "trailers", "grpc-accept-encoding": "gzip,deflate", ...auth },
      envelope(Buffer.alloc(0)),
    );
    expect(grpc.trailers["grpc-status"] ?? grpc.headers["grpc-status"]).toBe("0");
    // connect-es names the encoding it negotiated; what counts is each message's compressed flag.
    expect(grpc.body[0]).toBe(0);
    expect(grpc.body.byteLength).toBeGreaterThan(1024);

    const json = await post(
      api.url,
      { "content-type": "application/json", "accept-encoding": "gzip, br", ...auth },
      Buffer.from("{}"),
    );
    expect(json.headers[":status"]).toBe(200);
    expect(json.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(json.body.toString("utf8")).credentials).toHaveLength(12);
  });

  it("reads a gzip-compressed request", async () => {
    const answer = await post(
      api.url,
      {
        "content-type": "application/json",
        "content-encoding": "gzip",
        authorization: `Bearer ${api.tokens.alice}`,
      },
      gzipSync(Buffer.from("{}")),
    );
    expect(answer.headers[":status"]).toBe(200);
    expect(JSON.parse(answer.body.toString("utf8"))).toEqual({});
  });
});
