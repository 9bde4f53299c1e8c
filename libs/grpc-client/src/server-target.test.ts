import { describe, expect, it } from "vitest";
import { ServerUrlError, serverTarget } from "./server-target.js";

describe("serverTarget", () => {
  it("makes a dns:/// target, plaintext for http and TLS for https", () => {
    expect(serverTarget("http://127.0.0.1:8080")).toEqual({
      target: "dns:///127.0.0.1:8080",
      secure: false,
      authority: "127.0.0.1:8080",
    });
    expect(serverTarget("https://api.acp.example.test:8443/")).toEqual({
      target: "dns:///api.acp.example.test:8443",
      secure: true,
      authority: "api.acp.example.test:8443",
    });
  });

  it("fills in the scheme's default port and keeps IPv6 brackets", () => {
    expect(serverTarget("https://api.example.test").target).toBe("dns:///api.example.test:443");
    expect(serverTarget("http://api.example.test").target).toBe("dns:///api.example.test:80");
    expect(serverTarget("http://[::1]:9000").target).toBe("dns:///[::1]:9000");
  });

  it.each([
    ["not a url", /must be a URL/],
    ["api.example.test:443", /must start with http:\/\/ or https:\/\//],
    ["grpc://api.example.test", /must start with http/],
    ["https://api.example.test/acp", /no path, query or fragment/],
    ["https://api.example.test/?x=1", /no path, query or fragment/],
  ])("refuses %s", (server, message) => {
    expect(() => serverTarget(server)).toThrow(ServerUrlError);
    expect(() => serverTarget(server)).toThrow(message);
  });

  it("never echoes a password written into the URL", () => {
    for (const server of ["https://user:hunter2@api.example.test", "https//user:hunter2@api example"]) {
      let message = "";
      try {
        serverTarget(server);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe("");
      expect(message).not.toContain("hunter2");
    }
  });
});
