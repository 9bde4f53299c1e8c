import { describe, expect, it } from "vitest";
import { optInMessages, refusedClusterFields, refusedUserFields } from "./policy-rules.js";

const messages = [...refusedUserFields, ...refusedClusterFields]
  .map((rule) => rule.message)
  .concat(Object.values(optInMessages));

describe("policy messages", () => {
  it("cover every refused field", () => {
    expect(refusedUserFields.map((rule) => rule.field)).toEqual([
      "exec",
      "auth-provider",
      "tokenFile",
      "client-certificate",
      "client-key",
      "username",
      "password",
      "as",
      "as-uid",
      "as-groups",
      "as-user-extra",
    ]);
    expect(refusedClusterFields.map((rule) => rule.field)).toEqual(["certificate-authority"]);
  });

  it("are each their own single sentence saying why and what to do instead", () => {
    expect(new Set(messages).size).toBe(messages.length);
    for (const message of messages) {
      expect(message).toMatch(/^[^.;]+(\.[^.;\s][^;]*)*; [^;]+$/);
      expect(message).toMatch(/instead|opt in|remove/);
    }
  });
});
