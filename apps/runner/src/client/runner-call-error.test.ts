import { GrpcCallError } from "@acp/grpc-client";
import { describe, expect, it } from "vitest";
import { finalCallError, RunnerCallError } from "./runner-call-error.js";

const context = { server: "https://api.example.test", scrub: ["acpr_secret-token"] };
const grpcError = (code: number, details = "why") => new GrpcCallError("/svc/Method", code, details);

describe("finalCallError", () => {
  it.each([
    [16, "refused", "UNAUTHENTICATED"],
    [7, "refused", "PERMISSION_DENIED"],
    [5, "refused", "NOT_FOUND"],
    [14, "unreachable", "UNAVAILABLE"],
    [4, "unreachable", "DEADLINE_EXCEEDED"],
    [13, "failed", "INTERNAL"],
    [3, "failed", "INVALID_ARGUMENT"],
  ])("reads status %i as %s", (code, kind, name) => {
    const error = finalCallError(grpcError(code), context);
    expect(error).toBeInstanceOf(RunnerCallError);
    expect(error).toMatchObject({ kind, code: name });
    expect((error as Error).message).toContain(`(${name}`);
    expect((error as Error).message).toContain("https://api.example.test");
  });

  it("never lets the token through, even when a server echoes it", () => {
    const error = finalCallError(grpcError(16, "bad token acpr_secret-token"), context) as Error;
    expect(error.message).not.toContain("acpr_secret-token");
    expect(error.message).toContain("[redacted]");
  });

  it("leaves anything that is not a gRPC failure as it is", () => {
    const bug = new TypeError("x");
    expect(finalCallError(bug, context)).toBe(bug);
  });
});
