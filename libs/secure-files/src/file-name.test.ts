import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { privateFilePath } from "./file-name.js";
import { brandPrivateDir } from "./private-dir.js";
import { SecureFileError } from "./secure-file-error.js";

const dir = brandPrivateDir("/run/acp/session");

function problemOf(name: string): string | undefined {
  try {
    privateFilePath(dir, name);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SecureFileError);
    expect(error).toMatchObject({ code: "bad-name", path: dir });
    return (error as SecureFileError).message;
  }
}

describe("privateFilePath", () => {
  it("joins a bare file name", () => {
    expect(privateFilePath(dir, "kubeconfig")).toBe(join(dir, "kubeconfig"));
    expect(privateFilePath(dir, ".hidden")).toBe(join(dir, ".hidden"));
    expect(privateFilePath(dir, "...")).toBe(join(dir, "..."));
  });

  it.each([
    ["", "it is empty"],
    [".", "it names a directory"],
    ["..", "it names a directory"],
    ["a/b", 'it contains "/"'],
    ["../secrets", 'it contains "/"'],
    ["dir/", 'it contains "/"'],
    ["/etc/passwd", 'it contains "/"'],
    ["key\0.json", "it contains a NUL character"],
    ["é".repeat(128), "it is longer than 255 bytes"],
  ])("refuses %j: %s", (name, problem) => {
    expect(problemOf(name)).toBe(`${JSON.stringify(name)} is not a bare file name in ${dir}: ${problem}`);
  });
});
