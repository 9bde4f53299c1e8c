import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { reclassifyParseError } from "./parse-error-status.js";

describe("reclassifyParseError", () => {
  it.each([
    [
      Code.InvalidArgument,
      `cannot decode message acp.x.v1.Req from JSON: Unexpected token 'g', "ghp_SuperS"... is not valid JSON`,
      "invalid request message: cannot decode message acp.x.v1.Req",
    ],
    [
      Code.InvalidArgument,
      `cannot decode field acp.x.v1.Req.page_size from JSON: "ghp_SuperSecret"`,
      "invalid request message: cannot decode field acp.x.v1.Req.page_size",
    ],
    [Code.Internal, "parse binary: premature EOF ghp_", "invalid request message: not a valid protobuf binary message"],
  ])("gives %s a fixed message that quotes nothing of the body", (code, message, expected) => {
    const next = reclassifyParseError({ code, message });
    expect(next).toEqual({ code: Code.InvalidArgument, message: expected });
    expect(next.message).not.toContain("ghp_");
  });

  it("leaves other errors alone", () => {
    const status = { code: Code.InvalidArgument, message: "name: must not be empty" };
    expect(reclassifyParseError(status)).toBe(status);
  });
});
