import { describe, expect, it } from "vitest";
import { maxUrlBytes, validateHttpsUrl } from "./validate-https-url.js";

const urlOfBytes = (bytes: number) => `https://h.example/${"a".repeat(bytes - "https://h.example/".length)}`;

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

  it("accepts a url of exactly 2,048 bytes, counting UTF-8 bytes rather than characters", () => {
    expect(maxUrlBytes).toBe(2048);
    expect(validateHttpsUrl(urlOfBytes(2048))).toBeUndefined();
    // 1,024 two-byte characters: short in characters, over the limit in bytes.
    expect(validateHttpsUrl(`https://h.example/${"é".repeat(1024)}`)).toMatch(/^url is 2066 bytes; at most 2048/);
  });

  it.each([2049, 7_800_000])("refuses a url of %i bytes, in a short message", (bytes) => {
    const problem = validateHttpsUrl(urlOfBytes(bytes));
    expect(problem).toBe(`url is ${bytes} bytes; at most 2048 bytes are allowed`);
  });
});
