import { describe, expect, it } from "vitest";
import { validateHttpsUrl } from "./validate-https-url.js";

describe("validateHttpsUrl", () => {
  it.each(["https://example.atlassian.net", "https://gitlab.example.com:8443/group", "https://h.example/?a=b"])(
    "accepts %s",
    (url) => expect(validateHttpsUrl(url)).toBeUndefined(),
  );

  it.each([
    ["http://gitlab.example.com", "url must be an https:// URL"],
    ["ftp://example.com", "url must be an https:// URL"],
    ["gitlab.example.com", "url is not a valid absolute URL"],
    ["https://", "url is not a valid absolute URL"],
    [" https://example.com", "url must not contain whitespace or control characters"],
    ["https://example.com\n", "url must not contain whitespace or control characters"],
    ["https://user:pass@example.com", "url must not contain a user name or password"],
  ])("rejects %j", (url, problem) => {
    expect(validateHttpsUrl(url)).toBe(problem);
  });
});
