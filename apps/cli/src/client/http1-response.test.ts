import { describe, expect, it } from "vitest";
import { type ResponseHead, ResponseReader, ResponseSyntaxError } from "./http1-response.js";

interface Read {
  head?: ResponseHead;
  body: string;
  trailer?: Headers;
}

/** Feeds `answer` to a reader in pieces of `step` bytes (every split a socket could make). */
function read(answer: string, step: number, method = "POST", close = false): Read {
  const seen: Read = { body: "" };
  const reader = new ResponseReader(
    {
      head: (head) => (seen.head = head),
      body: (chunk) => (seen.body += Buffer.from(chunk).toString("latin1")),
      end: (trailer) => (seen.trailer = trailer),
    },
    method,
  );
  const bytes = Buffer.from(answer, "latin1");
  for (let at = 0; at < bytes.byteLength; at += step) reader.push(bytes.subarray(at, at + step));
  if (close) reader.close();
  return seen;
}

const everySplit = (answer: string, check: (seen: Read) => void, method?: string, close?: boolean) => {
  for (let step = 1; step <= answer.length; step++) check(read(answer, step, method, close));
};

describe("ResponseReader", () => {
  it("reads a Content-Length answer in any split", () => {
    everySplit("HTTP/1.1 200 OK\r\nContent-Type: application/proto\r\nContent-Length: 5\r\n\r\nhello", (seen) => {
      expect(seen.head).toMatchObject({ status: 200, keepAlive: true });
      expect(seen.head?.header.get("content-type")).toBe("application/proto");
      expect(seen.body).toBe("hello");
      expect(seen.trailer).toBeDefined();
    });
  });

  it("reads a chunked answer, extensions and trailer fields included, in any split", () => {
    const answer =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0A\r\n0123456789\r\n0\r\nGrpc-Status: 0\r\n\r\n";
    everySplit(answer, (seen) => {
      expect(seen.body).toBe("abc0123456789");
      expect(seen.trailer?.get("grpc-status")).toBe("0");
    });
  });

  it("reads to the end of the connection when the answer has no length, and keeps no such connection", () => {
    everySplit(
      "HTTP/1.1 200 OK\r\n\r\nall of it",
      (seen) => {
        expect(seen.head?.keepAlive).toBe(false);
        expect(seen.body).toBe("all of it");
        expect(seen.trailer).toBeDefined();
      },
      "POST",
      true,
    );
  });

  it("skips interim answers, and reads no body for 204, 304 or HEAD", () => {
    expect(read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 7)).toMatchObject({
      head: { status: 204 },
      body: "",
    });
    expect(read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", 4, "HEAD").trailer).toBeDefined();
  });

  it("keeps the connection as HTTP/1.1 and 1.0 say", () => {
    const keep = (answer: string) => read(answer, 64).head?.keepAlive;
    expect(keep("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).toBe(false);
    expect(keep("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).toBe(false);
    expect(keep("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")).toBe(true);
  });

  it("refuses what is not an HTTP/1.1 answer", () => {
    const refusals: Record<string, string> = {
      "SSH-2.0-OpenSSH\r\n\r\n": "not an HTTP/1.1 status line",
      "HTTP/2 200\r\n\r\n": "not an HTTP/1.1 status line",
      "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx": "a malformed Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n": "a malformed Content-Length",
      "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n": "a malformed header field",
      "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n": "a malformed header field",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n": "an unsupported transfer coding",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n": "a malformed chunk size",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n": "a chunk longer than its size",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab": "bytes after the end of the answer",
    };
    for (const [answer, problem] of Object.entries(refusals)) {
      expect(() => read(answer, answer.length), answer).toThrow(new ResponseSyntaxError(problem));
    }
    expect(() => read(`HTTP/1.1 200 OK\r\nX: ${"a".repeat(70_000)}`, 8192)).toThrow(/over 64 KiB/);
    expect(() => read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort", 64, "POST", true)).toThrow(
      "the connection closed mid-answer",
    );
  });
});
