import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import type { PrivateDir } from "./private-dir.js";
import { entriesOf, expectRefusal, isRoot, otherUid, scratchDirs } from "./testing/scratch.js";
import { type PrivateFileMode, writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

async function privateDir(): Promise<PrivateDir> {
  return ensurePrivateDir(join(scratch(), "secrets"));
}

describe("writePrivateFile", () => {
  it("creates the file with its bytes, then replaces it with a new inode", async () => {
    const dir = await privateDir();
    const path = join(dir, "kubeconfig");
    expect(await writePrivateFile(dir, "kubeconfig", "first")).toBe("created");
    expect(readFileSync(path, "utf8")).toBe("first");
    const first = lstatSync(path);

    expect(await writePrivateFile(dir, "kubeconfig", new TextEncoder().encode("second"))).toBe("replaced");
    expect(readFileSync(path, "utf8")).toBe("second");
    expect(lstatSync(path).ino).not.toBe(first.ino);
    expect(entriesOf(dir)).toEqual(["kubeconfig"]);
  });

  it("leaves identical content alone: same inode, same mtime", async () => {
    const dir = await privateDir();
    const path = join(dir, "token");
    await writePrivateFile(dir, "token", "same");
    // An old mtime, so a rewrite could not go unnoticed within one tick.
    utimesSync(path, 1_000, 1_000);
    const before = lstatSync(path);
    expect(await writePrivateFile(dir, "token", "same")).toBe("unchanged");
    const after = lstatSync(path);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
  });

  it("rewrites identical content whose mode or owner is wrong", async () => {
    const dir = await privateDir();
    const path = join(dir, "token");
    writeFileSync(path, "same", { mode: 0o644 });
    chmodSync(path, 0o644);
    expect(await writePrivateFile(dir, "token", "same")).toBe("replaced");
    expect(lstatSync(path).mode & 0o7777).toBe(0o600);

    expect(await writePrivateFile(dir, "token", "same", { mode: 0o400 })).toBe("replaced");
    expect(lstatSync(path).mode & 0o7777).toBe(0o400);

    if (isRoot) {
      chownSync(path, otherUid, otherUid);
      expect(await writePrivateFile(dir, "token", "same", { mode: 0o400 })).toBe("replaced");
      expect(lstatSync(path).uid).toBe(0);
    }
  });

  it("never writes into the target by name: another hard link keeps the old bytes", async () => {
    const dir = await privateDir();
    await writePrivateFile(dir, "kubeconfig", "old");
    linkSync(join(dir, "kubeconfig"), join(dir, "other-link"));
    await writePrivateFile(dir, "kubeconfig", "new");
    expect(readFileSync(join(dir, "kubeconfig"), "utf8")).toBe("new");
    expect(readFileSync(join(dir, "other-link"), "utf8")).toBe("old");
  });

  it("refuses a symlink at the name, writes nothing through it and leaves the link", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "secrets"));
    const victim = join(root, "victim");
    writeFileSync(victim, "precious");
    const link = join(dir, "kubeconfig");
    symlinkSync(victim, link);
    const error = await expectRefusal(writePrivateFile(dir, "kubeconfig", "attacker wants this"), "symlink", link);
    expect(error.message).toBe(`${link} is a symbolic link`);
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(entriesOf(dir)).toEqual(["kubeconfig"]);

    // A dangling link is refused too, rather than creating its target.
    const dangling = join(dir, "token");
    symlinkSync(join(root, "planted"), dangling);
    await expectRefusal(writePrivateFile(dir, "token", "secret"), "symlink", dangling);
    expect(entriesOf(root)).toEqual(["secrets", "victim"]);
  });

  it("refuses a directory at the name", async () => {
    const dir = await privateDir();
    mkdirSync(join(dir, "token"));
    await expectRefusal(writePrivateFile(dir, "token", "secret"), "not-regular-file", join(dir, "token"));
    expect(entriesOf(dir)).toEqual(["token"]);
  });

  it("refuses names that are not bare file names, before touching the disk", async () => {
    const root = scratch();
    const dir = await ensurePrivateDir(join(root, "secrets"));
    for (const name of ["", ".", "..", "../escape", "a/b", "/etc/passwd", "nul\0byte", "x".repeat(256)]) {
      await expectRefusal(writePrivateFile(dir, name, "secret"), "bad-name", dir);
    }
    expect(entriesOf(dir)).toEqual([]);
    expect(entriesOf(root)).toEqual(["secrets"]);
    // The longest name the filesystem allows is still a name.
    expect(await writePrivateFile(dir, "x".repeat(255), "secret")).toBe("created");
  });

  it("never puts contents in an error message", async () => {
    const dir = await privateDir();
    symlinkSync("/nonexistent", join(dir, "token"));
    const error = await writePrivateFile(dir, "token", "ghp_supersecret").catch((e: unknown) => e);
    expect(String(error)).not.toContain("ghp_supersecret");
  });

  it("refuses a mode that is not owner-only", async () => {
    const dir = await privateDir();
    const loose = 0o644 as PrivateFileMode;
    await expect(writePrivateFile(dir, "token", "secret", { mode: loose })).rejects.toThrow(RangeError);
    expect(entriesOf(dir)).toEqual([]);
  });
});
