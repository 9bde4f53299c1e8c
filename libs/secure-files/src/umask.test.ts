import { lstatSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { scratchDirs, withUmask } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();

function modeOf(path: string): number {
  return lstatSync(path).mode & 0o7777;
}

// 0 would let a mode given only to open or mkdir through unchanged, 077 is
// the careful user's umask, and 277 takes the owner's own write bit away,
// which only the fchmod after creating puts back.
// [label, mask]: vitest has no octal placeholder.
function umasks(...masks: number[]): [string, number][] {
  return masks.map((mask) => [mask.toString(8).padStart(3, "0"), mask]);
}

describe.each(umasks(0o000, 0o077, 0o277))("under umask %s", (_label, mask) => {
  it("creates directories with exactly 0700", async () => {
    const path = join(scratch(), "secrets");
    await withUmask(mask, () => ensurePrivateDir(path));
    expect(modeOf(path)).toBe(0o700);
  });

  it("creates files with exactly the mode asked for", async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    await withUmask(mask, async () => {
      await writePrivateFile(dir, "token", "one");
      await writePrivateFile(dir, "script", "#!/bin/sh\n", { mode: 0o700 });
      await writePrivateFile(dir, "key", "two", { mode: 0o400 });
    });
    expect(modeOf(join(dir, "token"))).toBe(0o600);
    expect(modeOf(join(dir, "script"))).toBe(0o700);
    expect(modeOf(join(dir, "key"))).toBe(0o400);
  });
});

describe.each(umasks(0o000, 0o077))("parents under umask %s", (_label, mask) => {
  it("are created with exactly 0700", async () => {
    const root = scratch();
    await withUmask(mask, () => ensurePrivateDir(join(root, "a", "b"), { createParents: true }));
    expect(modeOf(join(root, "a"))).toBe(0o700);
    expect(modeOf(join(root, "a", "b"))).toBe(0o700);
  });
});
