import { gzipSync } from "node:zlib";
import { Code } from "@connectrpc/connect";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import { describe, expect, it } from "vitest";
import { encodeGrpcMessage, rewriteErrorStatus, type StatusRewrite } from "./wire-error-status.js";

const toNotFound: StatusRewrite = (s) =>
  s.code === Code.Internal ? { code: Code.NotFound, message: `was: ${s.message}` } : s;

async function* chunks(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* parts;
}
async function drain(body: AsyncIterable<Uint8Array> | undefined): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body ?? []) parts.push(part);
  return Buffer.concat(parts);
}

describe("encodeGrpcMessage", () => {
  it("escapes only bytes outside printable ASCII, and %", () => {
    expect(encodeGrpcMessage("a: b; c, 100% ✓\n")).toBe("a: b; c, 100%25 %E2%9C%93%0A");
    expect(decodeURIComponent(encodeGrpcMessage("a: b; c, 100% ✓\n"))).toBe("a: b; c, 100% ✓\n");
  });
});

describe("rewriteErrorStatus", () => {
  it("rewrites a Connect JSON error, its HTTP status and keeps its details", async () => {
    const body = Buffer.from(
      JSON.stringify({ code: "internal", message: "boom", details: [{ type: "x", value: "" }] }),
    );
    const res: UniversalServerResponse = {
      status: 500,
      header: new Headers({ "content-type": "application/json" }),
      body: chunks(body),
    };
    const out = await rewriteErrorStatus(res, toNotFound);
    expect(out.status).toBe(404);
    expect(JSON.parse((await drain(out.body)).toString())).toEqual({
      code: "not_found",
      message: "was: boom",
      details: [{ type: "x", value: "" }],
    });
  });

  it("passes a Connect error the rewrite leaves alone through byte for byte", async () => {
    const body = Buffer.from('{"code":"invalid_argument","message":"name: must not be empty"}');
    const out = await rewriteErrorStatus(
      { status: 400, header: new Headers({ "content-type": "application/json" }), body: chunks(body) },
      toNotFound,
    );
    expect(out.status).toBe(400);
    expect(await drain(out.body)).toEqual(body);
  });

  it("rewrites gRPC trailers once the body has been sent, re-encoding the message", async () => {
    const trailer = new Headers({ "grpc-status": "13", "grpc-message": encodeURIComponent("a: b") });
    const out = await rewriteErrorStatus(
      { status: 200, header: new Headers({ "content-type": "application/grpc" }), body: chunks(), trailer },
      toNotFound,
    );
    expect(trailer.get("grpc-status")).toBe("13");
    await drain(out.body);
    expect(trailer.get("grpc-status")).toBe(String(Code.NotFound));
    expect(trailer.get("grpc-message")).toBe("was: a: b");
  });

  it("leaves a successful gRPC response alone", async () => {
    const trailer = new Headers({ "grpc-status": "0" });
    const out = await rewriteErrorStatus(
      {
        status: 200,
        header: new Headers({ "content-type": "application/grpc" }),
        body: chunks(Buffer.from([0, 0, 0, 0, 0])),
        trailer,
      },
      toNotFound,
    );
    expect(await drain(out.body)).toEqual(Buffer.from([0, 0, 0, 0, 0]));
    expect([...trailer]).toEqual([["grpc-status", "0"]]);
  });

  it("rewrites the gRPC-Web trailer frame", async () => {
    const text = Buffer.from("grpc-status: 13\r\ngrpc-message: x%3Ay\r\n");
    const frame = Buffer.concat([Buffer.from([0x80, 0, 0, 0, text.length]), text]);
    const out = await rewriteErrorStatus(
      { status: 200, header: new Headers({ "content-type": "application/grpc-web+proto" }), body: chunks(frame) },
      toNotFound,
    );
    const bytes = await drain(out.body);
    expect(bytes[0]).toBe(0x80);
    expect(bytes.readUInt32BE(1)).toBe(bytes.length - 5);
    expect(bytes.subarray(5).toString()).toBe("grpc-message: was: x:y\r\ngrpc-status: 5\r\n");
  });

  it("reads a gzip-compressed Connect error, and sends the rewritten one uncompressed", async () => {
    const json = JSON.stringify({ code: "internal", message: "x".repeat(2000) });
    const header = new Headers({ "content-type": "application/json", "content-encoding": "gzip" });
    const out = await rewriteErrorStatus({ status: 500, header, body: chunks(gzipSync(json)) }, toNotFound);
    expect(out.status).toBe(404);
    expect(header.get("content-encoding")).toBeNull();
    expect(JSON.parse((await drain(out.body)).toString())).toMatchObject({ code: "not_found" });
  });

  it("passes a compressed error it leaves alone, or cannot read, through byte for byte", async () => {
    const kept = gzipSync(JSON.stringify({ code: "invalid_argument", message: "y".repeat(2000) }));
    const header = new Headers({ "content-type": "application/json", "content-encoding": "gzip" });
    const out = await rewriteErrorStatus({ status: 400, header, body: chunks(kept) }, toNotFound);
    expect(await drain(out.body)).toEqual(kept);
    expect(header.get("content-encoding")).toBe("gzip");

    const unknown = Buffer.from("not json at all");
    const odd = await rewriteErrorStatus(
      {
        status: 500,
        header: new Headers({ "content-type": "application/json", "content-encoding": "zstd" }),
        body: chunks(unknown),
      },
      toNotFound,
    );
    expect(await drain(odd.body)).toEqual(unknown);
  });
});
