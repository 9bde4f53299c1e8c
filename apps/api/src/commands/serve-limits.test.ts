import { describe, expect, it } from "vitest";
import { defaultConnectionLimits, defaultRequestLimits } from "../server/index.js";
import { UsageError } from "./command.js";
import { serve } from "./serve-command.js";
import { resolveServeLimits } from "./serve-limits.js";

describe("serve's limits", () => {
  it("take the flag over the variable over the default", () => {
    const limits = resolveServeLimits(
      { "idle-timeout": "90s", "max-connections": "100" },
      { ACP_MAX_CONNECTIONS: "200", ACP_MAX_CONCURRENT_STREAMS: "50", ACP_HEADERS_TIMEOUT: "" },
    );
    expect(limits).toEqual({
      ...defaultConnectionLimits,
      ...defaultRequestLimits,
      idleTimeoutMs: 90_000,
      maxConnections: 100,
      maxConcurrentStreams: 50,
    });
  });

  it("refuse a bad flag at parse time and a bad variable by its name", () => {
    expect(() => serve.parse(["--max-concurrent-streams", "0"])).toThrow(UsageError);
    expect(() => serve.parse(["--request-timeout", "5x"])).toThrow(/--request-timeout/);
    expect(() => resolveServeLimits({}, { ACP_MAX_JSON_DEPTH: "-1" })).toThrow(/ACP_MAX_JSON_DEPTH/);
    expect(() => resolveServeLimits({ "headers-timeout": "2m", "request-timeout": "1m" }, {})).toThrow(
      /--headers-timeout must not be longer/,
    );
  });

  it("are all listed in the usage with their variable", () => {
    for (const name of ["--headers-timeout", "ACP_IDLE_TIMEOUT", "--max-buffered-request-bytes", "ACP_MAX_CONNECTIONS"])
      expect(serve.usage).toContain(name);
  });
});
