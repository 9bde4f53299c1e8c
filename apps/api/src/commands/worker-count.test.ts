import { describe, expect, it } from "vitest";
import { UsageError } from "./command.js";
import { resolveWorkerCount } from "./worker-count.js";

const cores = () => 6;

describe("resolveWorkerCount", () => {
  it("uses every core by default, and one process with --dev", () => {
    expect(resolveWorkerCount(undefined, {}, false, cores)).toBe(6);
    expect(resolveWorkerCount(undefined, {}, true, cores)).toBe(1);
    expect(resolveWorkerCount(undefined, { ACP_WORKERS: "" }, false, cores)).toBe(6);
  });

  it("lets the flag win over ACP_WORKERS, and either over --dev", () => {
    expect(resolveWorkerCount(undefined, { ACP_WORKERS: "3" }, true, cores)).toBe(3);
    expect(resolveWorkerCount("2", { ACP_WORKERS: "3" }, false, cores)).toBe(2);
  });

  it.each([
    ["0", undefined, /--workers: expected a positive whole number/],
    ["two", undefined, /--workers: expected a positive whole number/],
    ["1000", undefined, /--workers: at most 256 workers/],
    [undefined, "-1", /ACP_WORKERS: expected a positive whole number/],
  ])("refuses --workers %j / ACP_WORKERS %j as a usage error naming its source", (flag, variable, message) => {
    const call = () => resolveWorkerCount(flag, { ACP_WORKERS: variable }, false, cores);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(message);
  });
});
