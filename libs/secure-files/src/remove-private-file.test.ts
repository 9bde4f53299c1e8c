import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { removePrivateFile } from "./remove-private-file.js";
import { entriesOf, expectRefusal, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

describe("removePrivateFile", () => {
  it("removes the file, and resolves to false once it is gone", async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    await writePrivateFile(dir, "token", "secret");
    expect(await removePrivateFile(dir, "token")).toBe(true);
    expect(entriesOf(dir)).toEqual([]);
    expect(await removePrivateFile(dir, "token")).toBe(false);
  });

  it("unlinks a symlink itself, never its target", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "secrets"));
    writeFileSync(join(root, "victim"), "precious");
    symlinkSync(join(root, "victim"), join(dir, "token"));
    expect(await removePrivateFile(dir, "token")).toBe(true);
    expect(existsSync(join(dir, "token"))).toBe(false);
    expect(readFileSync(join(root, "victim"), "utf8")).toBe("precious");
  });

  it("refuses a directory, a bad name, and a directory that is no longer private", async () => {
    const root = scratch();
    const path = join(root, "secrets");
    const dir = await ensurePrivateDir(path);
    mkdirSync(join(dir, "sub"));
    await expectRefusal(removePrivateFile(dir, "sub"), "not-regular-file", join(dir, "sub"));
    expect(lstatSync(join(dir, "sub")).isDirectory()).toBe(true);

    writeFileSync(join(root, "outside"), "x");
    await expectRefusal(removePrivateFile(dir, "../outside"), "bad-name", path);
    expect(existsSync(join(root, "outside"))).toBe(true);

    await writePrivateFile(dir, "token", "secret");
    chmodSync(path, 0o777);
    await expectRefusal(removePrivateFile(dir, "token"), "loose-mode", path);
    expect(entriesOf(dir)).toEqual(["sub", "token"]);
  });
});
