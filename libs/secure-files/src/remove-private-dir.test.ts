import { existsSync, mkdirSync, readFileSync, rmdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { removePrivateDir } from "./remove-private-dir.js";
import { entriesOf, expectRefusal, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

describe("removePrivateDir", () => {
  it("removes everything inside, subdirectories too, then the directory", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "session"));
    await writePrivateFile(dir, "kubeconfig", "k");
    mkdirSync(join(dir, "gcloud", "nested"), { recursive: true });
    writeFileSync(join(dir, "gcloud", "nested", "key.json"), "{}");
    expect(await removePrivateDir(dir)).toBe(true);
    expect(entriesOf(root)).toEqual([]);
    expect(await removePrivateDir(dir)).toBe(false);
  });

  it("unlinks symlinks inside without following them out", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "session"));
    const outside = join(root, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "keep"), "precious");
    symlinkSync(outside, join(dir, "to-dir"));
    symlinkSync(join(outside, "keep"), join(dir, "to-file"));
    mkdirSync(join(dir, "sub"));
    symlinkSync(outside, join(dir, "sub", "deeper"));
    expect(await removePrivateDir(dir)).toBe(true);
    expect(entriesOf(root)).toEqual(["outside"]);
    expect(entriesOf(outside)).toEqual(["keep"]);
    expect(readFileSync(join(outside, "keep"), "utf8")).toBe("precious");
  });

  it("refuses a private directory swapped for a symlink, and leaves the link's target alone", async () => {
    const root = scratch();
    const path = join(root, "session");
    const dir = await ensurePrivateDir(path);
    const outside = join(root, "outside");
    mkdirSync(outside, { mode: 0o700 });
    writeFileSync(join(outside, "keep"), "precious");
    rmdirSync(path);
    symlinkSync(outside, path);
    await expectRefusal(removePrivateDir(dir), "symlink", path);
    expect(existsSync(path)).toBe(true);
    expect(entriesOf(outside)).toEqual(["keep"]);
  });
});
