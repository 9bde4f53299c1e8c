import { describe, expect, it } from "vitest";
import { OPT_IN_MESSAGES, REFUSED_CLUSTER_FIELDS, REFUSED_USER_FIELDS } from "./policy-rules.js";

const messages = [...REFUSED_USER_FIELDS, ...REFUSED_CLUSTER_FIELDS]
  .map((rule) => rule.message)
  .concat(Object.values(OPT_IN_MESSAGES));

describe("policy messages", () => {
  it("cover every refused field", () => {
    expect(REFUSED_USER_FIELDS.map((rule) => rule.field)).toEqual([
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
    expect(REFUSED_CLUSTER_FIELDS.map((rule) => rule.field)).toEqual(["certificate-authority"]);
  });

  it("are each their own single sentence saying why and what to do instead", () => {
    expect(new Set(messages).size).toBe(messages.length);
    for (const message of messages) {
      expect(message).toMatch(/^[^.;]+(\.[^.;\s][^;]*)*; [^;]+$/);
      expect(message).toMatch(/instead|opt in|remove/);
    }
  });
});
