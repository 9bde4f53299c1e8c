import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import type { PrivateDir } from "./private-dir.js";
import { readPrivateFile } from "./read-private-file.js";
import { expectRefusal, isRoot, otherUid, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

async function privateDir(): Promise<PrivateDir> {
  return ensurePrivateDir(join(scratch(), "config"));
}

describe("readPrivateFile", () => {
  it("reads a private file and reports no loose mode", async () => {
    const dir = await privateDir();
    await writePrivateFile(dir, "config.yaml", "server: https://acp.example\n");
    const file = await readPrivateFile(dir, "config.yaml");
    expect(file?.contents.toString("utf8")).toBe("server: https://acp.example\n");
    expect(file?.looseMode).toBeUndefined();
  });

  it("reports, without refusing, a file readable by others", async () => {
    const dir = await privateDir();
    writeFileSync(join(dir, "config.yaml"), "token: x\n");
    chmodSync(join(dir, "config.yaml"), 0o644);
    const file = await readPrivateFile(dir, "config.yaml");
    expect(file?.contents.toString("utf8")).toBe("token: x\n");
    expect(file?.looseMode).toBe(0o644);
  });

  it("resolves to undefined when the file does not exist", async () => {
    expect(await readPrivateFile(await privateDir(), "config.yaml")).toBeUndefined();
  });

  it("refuses a symlink, even to a file of ours", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "config"));
    writeFileSync(join(root, "elsewhere"), "not this one");
    symlinkSync(join(root, "elsewhere"), join(dir, "config.yaml"));
    await expectRefusal(readPrivateFile(dir, "config.yaml"), "symlink", join(dir, "config.yaml"));
  });

  it("refuses a directory and a FIFO, without blocking on the FIFO", async () => {
    const dir = await privateDir();
    mkdirSync(join(dir, "sub"));
    await expectRefusal(readPrivateFile(dir, "sub"), "not-regular-file", join(dir, "sub"));
    // With no writer, a blocking open of a FIFO would never return.
    execFileSync("mkfifo", [join(dir, "fifo")]);
    await expectRefusal(readPrivateFile(dir, "fifo"), "not-regular-file", join(dir, "fifo"));
  });

  it("refuses a file owned by another user", async () => {
    const dir = await privateDir();
    const path = join(dir, "config.yaml");
    writeFileSync(path, "token: x\n", { mode: 0o600 });
    if (isRoot) {
      chownSync(path, otherUid, otherUid);
      await expectRefusal(readPrivateFile(dir, "config.yaml"), "wrong-owner", path);
    } else {
      // No file of another user can be made without root; a loose file of
      // ours must still come back with its mode reported.
      chmodSync(path, 0o666);
      expect((await readPrivateFile(dir, "config.yaml"))?.looseMode).toBe(0o666);
    }
  });

  it("checks the directory first", async () => {
    const root = scratch();
    const path = join(root, "config");
    const dir = await ensurePrivateDir(path);
    await writePrivateFile(dir, "config.yaml", "token: x\n");
    chmodSync(path, 0o755);
    await expectRefusal(readPrivateFile(dir, "config.yaml"), "loose-mode", path);
    await expectRefusal(readPrivateFile(dir, "../config/config.yaml"), "bad-name", path);
  });
});
