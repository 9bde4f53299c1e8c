import { BadRequestSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { Target } from "../config/index.js";
import { exitCodes } from "../io/index.js";
import { describeCallError } from "./call-error.js";

const target: Target = {
  server: "http://acp:1",
  token: "acp_secret_token",
  tokenSource: { kind: "context", context: "prod" },
};

describe("describeCallError", async () => {
  it("exits 4 for a refused token, naming where it came from and never the token", async () => {
    const error = await describeCallError(new ConnectError("token revoked", Code.Unauthenticated), target, 30_000);
    expect(error.exitCode).toBe(exitCodes.auth);
    expect(error.problems).toEqual(['http://acp:1 refused the token of context "prod": token revoked']);
    expect(error.hints).toEqual(["run `acpctl login --server http://acp:1 --context prod` to log in again"]);
    expect(JSON.stringify([error.problems, error.hints])).not.toContain("acp_secret_token");
  });

  it("gives one line per field violation of a BadRequest", async () => {
    const detail = create(BadRequestSchema, {
      fieldViolations: [
        { field: "secret", description: "users[0].user.exec: not allowed" },
        { field: "name", description: "must be set" },
      ],
    });
    const err = new ConnectError("invalid request: …", Code.InvalidArgument, undefined, [
      { desc: BadRequestSchema, value: detail },
    ]);
    expect((await describeCallError(err, target, 1000)).problems).toEqual([
      "secret: users[0].user.exec: not allowed",
      "name: must be set",
    ]);
    expect((await describeCallError(new ConnectError("plain", Code.InvalidArgument), target, 1000)).problems).toEqual([
      "plain",
    ]);
  });

  it("tells an unreachable server from an Unavailable answer, and names a timeout", async () => {
    const refused = new ConnectError(
      "connect ECONNREFUSED",
      Code.Unavailable,
      undefined,
      undefined,
      Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    );
    expect(await describeCallError(refused, target, 1000)).toMatchObject({
      exitCode: 1,
      problems: ["cannot reach http://acp:1: connection refused"],
    });
    expect(
      (await describeCallError(new ConnectError("audit unavailable", Code.Unavailable), target, 1000)).problems,
    ).toEqual(["audit unavailable"]);
    expect((await describeCallError(new ConnectError("late", Code.DeadlineExceeded), target, 30_000)).problems).toEqual(
      ["http://acp:1 did not answer within 30s"],
    );
    expect(
      (await describeCallError(new ConnectError('credential "x" not found', Code.NotFound), target, 1)).problems,
    ).toEqual(['credential "x" not found']);
  });
});
