import { chmodSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDirectory } from "./open-directory.js";
import { expectRefusal, scratchDirs } from "./testing/scratch.js";

const scratch = scratchDirs();

// ensurePrivateDir chmods and the writers fsync through this handle, so it is
// what keeps a symlink swapped in after the lstat from redirecting them.
describe("openDirectory", () => {
  it("opens the directory itself and never a symlink's target", async () => {
    const root = scratch();
    const target = join(root, "target");
    mkdirSync(target);
    chmodSync(target, 0o755);
    const link = join(root, "link");
    symlinkSync(target, link);
    await expectRefusal(openDirectory(link), "symlink", link);

    const handle = await openDirectory(target);
    try {
      expect((await handle.stat()).ino).toBe(lstatSync(target).ino);
    } finally {
      await handle.close();
    }
  });

  it("refuses a file", async () => {
    const file = join(scratch(), "file");
    writeFileSync(file, "x");
    await expectRefusal(openDirectory(file), "not-directory", file);
  });
});
