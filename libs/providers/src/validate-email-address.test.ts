import { describe, expect, it } from "vitest";
import { validateEmailAddress } from "./validate-email-address.js";

describe("validateEmailAddress", () => {
  it.each(["dev@example.com", "first.last+jira@sub.example.co.uk"])("accepts %s", (email) => {
    expect(validateEmailAddress(email)).toBeUndefined();
  });

  it.each([
    "dev",
    "dev@example",
    "@example.com",
    "dev@@example.com",
    "dev @example.com",
    "dev@example..com",
    "https://example.com",
  ])("rejects %j", (email) => {
    expect(validateEmailAddress(email)).toBe("email must look like name@example.com");
  });

  it("rejects overlong addresses", () => {
    expect(validateEmailAddress(`${"a".repeat(250)}@example.com`)).toBe("email is longer than 254 characters");
  });
});
