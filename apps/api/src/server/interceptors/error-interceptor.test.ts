import { Code, ConnectError, type UnaryRequest } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../logging/logger.js";
import { errorInterceptor } from "./error-interceptor.js";

function run(thrown: unknown, signal: AbortSignal) {
  const lines: string[] = [];
  const record = (msg: string) => lines.push(msg);
  const logger: Logger = { info: record, warn: record, error: record };
  const call = errorInterceptor(logger)(async () => {
    throw thrown;
  });
  const req = { method: { name: "GetCredentialSecret" }, signal } as unknown as UnaryRequest;
  return { outcome: call(req).then(() => undefined, ConnectError.from), lines };
}

describe("errorInterceptor", () => {
  it("turns a stray error into Internal with a logged reference, never its message", async () => {
    const { outcome, lines } = run(new Error("SELECT secret FROM credentials"), new AbortController().signal);
    const error = await outcome;
    expect(error?.code).toBe(Code.Internal);
    expect(error?.rawMessage).toMatch(/^internal error \(ref [0-9a-f]{12}\)$/);
    expect(lines).toEqual(["internal error"]);
  });

  it("reports a call whose client went away as Canceled, and logs no internal error", async () => {
    const gone = new AbortController();
    gone.abort();
    const { outcome, lines } = run(Object.assign(new Error("aborted"), { code: "ECONNRESET" }), gone.signal);
    expect((await outcome)?.code).toBe(Code.Canceled);
    expect(lines).toEqual([]);
  });

  it("passes a deliberate ConnectError through as it is", async () => {
    const { outcome } = run(new ConnectError("no such credential", Code.NotFound), new AbortController().signal);
    expect((await outcome)?.code).toBe(Code.NotFound);
  });
});
