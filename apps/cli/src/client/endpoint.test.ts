import { describe, expect, it } from "vitest";
import { parseEndpoint } from "./endpoint.js";

describe("parseEndpoint", () => {
  it("speaks HTTP/1.1 to http:// and https://, HTTP/2 to h2c:// or when asked", () => {
    expect(parseEndpoint("http://127.0.0.1:8080", false)).toEqual({
      ok: true,
      endpoint: { baseUrl: "http://127.0.0.1:8080", httpVersion: "1.1" },
    });
    expect(parseEndpoint("https://acp.example.com/api/", false)).toEqual({
      ok: true,
      endpoint: { baseUrl: "https://acp.example.com/api", httpVersion: "1.1" },
    });
    expect(parseEndpoint("h2c://127.0.0.1:8080", false)).toEqual({
      ok: true,
      endpoint: { baseUrl: "http://127.0.0.1:8080", httpVersion: "2" },
    });
    expect(parseEndpoint("https://acp.example.com", true)).toMatchObject({ endpoint: { httpVersion: "2" } });
  });

  it("refuses what is not a server URL, and one carrying credentials", () => {
    expect(parseEndpoint("acp.example.com", false)).toMatchObject({ ok: false });
    expect(parseEndpoint("ftp://h", false)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/http:\/\/, https:\/\/ or h2c:\/\//),
    });
    const withPassword = parseEndpoint("https://u:hunter2@h", false);
    expect(withPassword).toMatchObject({ ok: false });
    expect(JSON.stringify(withPassword)).not.toContain("hunter2");
  });
});
