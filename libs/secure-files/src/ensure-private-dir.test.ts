import { chmodSync, chownSync, lstatSync, mkdirSync, rmdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { entriesOf, expectRefusal, isRoot, otherUid, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

function modeOf(path: string): number {
  return lstatSync(path).mode & 0o7777;
}

describe("ensurePrivateDir", () => {
  it("creates a directory of ours with mode 0700 and returns its absolute path", async () => {
    const root = scratch();
    const path = join(root, "secrets");
    const dir = await ensurePrivateDir(relative(process.cwd(), path));
    expect(dir).toBe(path);
    expect(modeOf(path)).toBe(0o700);
    expect(lstatSync(path).uid).toBe(process.geteuid?.());
  });

  it("accepts a private directory that already exists, leaving it as it is", async () => {
    const path = join(scratch(), "existing");
    mkdirSync(path, { mode: 0o700 });
    writeFileSync(join(path, "kept"), "x");
    await ensurePrivateDir(path);
    expect(entriesOf(path)).toEqual(["kept"]);
    expect(modeOf(path)).toBe(0o700);
  });

  it("creates missing parents only when asked, each with mode 0700", async () => {
    const root = scratch();
    const path = join(root, "a", "b", "c");
    const refused = await ensurePrivateDir(path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: "io", path });
    expect(entriesOf(root)).toEqual([]);

    await ensurePrivateDir(path, { createParents: true });
    for (const created of [join(root, "a"), join(root, "a", "b"), path]) expect(modeOf(created)).toBe(0o700);
  });

  it("refuses a symlink at the path, even to a private directory of ours, and writes nothing through it", async () => {
    const root = scratch();
    const real = join(root, "real");
    mkdirSync(real, { mode: 0o700 });
    const link = join(root, "link");
    symlinkSync(real, link);
    const error = await expectRefusal(ensurePrivateDir(link), "symlink", link);
    expect(error.message).toBe(`${link} is a symbolic link`);
    await expectRefusal(ensurePrivateDir(link, { createParents: true, tightenMode: true }), "symlink", link);
    expect(entriesOf(real)).toEqual([]);
  });

  it("refuses a dangling symlink instead of creating its target", async () => {
    const root = scratch();
    const link = join(root, "link");
    symlinkSync(join(root, "planted"), link);
    await expectRefusal(ensurePrivateDir(link), "symlink", link);
    await expectRefusal(ensurePrivateDir(link, { createParents: true }), "symlink", link);
    expect(entriesOf(root)).toEqual(["link"]);
  });

  it("refuses a file at the path", async () => {
    const path = join(scratch(), "file");
    writeFileSync(path, "x");
    await expectRefusal(ensurePrivateDir(path), "not-directory", path);
  });

  it("refuses a directory with group or other bits, and tightens only when asked", async () => {
    const path = join(scratch(), "loose");
    mkdirSync(path);
    chmodSync(path, 0o755);
    const error = await expectRefusal(ensurePrivateDir(path), "loose-mode", path);
    expect(error.message).toContain("has mode 0755");
    expect(modeOf(path)).toBe(0o755);

    await ensurePrivateDir(path, { tightenMode: true });
    expect(modeOf(path)).toBe(0o700);
  });

  it("refuses a directory owned by another user, even with tightenMode, and leaves it alone", async () => {
    const path = join(scratch(), "theirs");
    mkdirSync(path, { mode: 0o700 });
    if (isRoot) {
      chownSync(path, otherUid, otherUid);
      chmodSync(path, 0o755);
      const error = await expectRefusal(ensurePrivateDir(path), "wrong-owner", path);
      expect(error.message).toContain(`is owned by uid ${otherUid}`);
      await expectRefusal(ensurePrivateDir(path, { tightenMode: true }), "wrong-owner", path);
      expect(lstatSync(path)).toMatchObject({ uid: otherUid });
      expect(modeOf(path)).toBe(0o755);
    } else {
      // Without root no directory of another user can be made; one open to
      // everyone is the nearest stand-in for a directory we must not trust.
      chmodSync(path, 0o777);
      await expectRefusal(ensurePrivateDir(path), "loose-mode", path);
      expect(modeOf(path)).toBe(0o777);
    }
  });

  it("is checked again on every call: a directory swapped for a symlink is caught", async () => {
    const root = scratch();
    const path = join(root, "secrets");
    const dir = await ensurePrivateDir(path);
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o700 });
    rmdirSync(path);
    symlinkSync(elsewhere, path);
    await expectRefusal(writePrivateFile(dir, "token", "secret"), "symlink", path);
    expect(entriesOf(elsewhere)).toEqual([]);
  });

  it("catches a directory opened up after it was verified", async () => {
    const path = join(scratch(), "secrets");
    const dir = await ensurePrivateDir(path);
    chmodSync(path, 0o750);
    await expectRefusal(writePrivateFile(dir, "token", "secret"), "loose-mode", path);
    expect(entriesOf(path)).toEqual([]);
  });
});
