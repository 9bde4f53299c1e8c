import { describe, expect, it } from "vitest";
import { checkUrl } from "./check-url.js";

const server = ["https", "http"];

function message(value: string, schemes = server): string | undefined {
  const result = checkUrl(value, schemes, "https://api.example.com:6443");
  return result.ok ? undefined : result.message;
}

describe("checkUrl", () => {
  it.each([
    "https://api.example.com:6443",
    "https://10.0.0.1",
    "https://[2001:db8::1]:6443",
    "https://rancher.example.com/k8s/clusters/c-m-1",
  ])("accepts %s", (value) => expect(message(value)).toBeUndefined());

  it.each([
    ["ftp://api.example.com", /must be a URL starting with https:\/\/ or http:\/\//],
    ["HTTPS://api.example.com", /must be a URL starting with/],
    ["api.example.com:6443", /must be a URL starting with/],
    ["https:///api", /must name a host/],
    ["https://", /must name a host/],
    ["https://:6443", /not a valid URL/],
    ["https://api.example.com:99999", /not a valid URL/],
    ["https://api example.com", /must not contain spaces or backslashes/],
    ["https:\\\\api.example.com", /must be a URL starting with/],
    ["https://user:pass@api.example.com", /must not embed a user name or password/],
    ["https://user@api.example.com", /must not embed a user name or password/],
  ])("refuses %s", (value, expected) => {
    expect(message(value)).toMatch(expected);
  });

  it("never repeats the URL in its message, since it may carry a password", () => {
    expect(message("https://admin:hunter2@api.example.com")).not.toContain("hunter2");
  });
});
