import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../io/index.js";
import { emptyConfig } from "./cli-config.js";
import { configLocation } from "./config-path.js";
import { loadConfig, saveConfig } from "./config-store.js";

const sample = { currentContext: "a", contexts: [{ name: "a", server: "http://a:1", token: "acp_t" }] };

describe("the config on disk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acpctl-config-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const sink = () => {
    let text = "";
    return { write: (t: string) => (text += t), text: () => text };
  };

  it("finds the file by ACPCTL_CONFIG, then XDG_CONFIG_HOME, then HOME", () => {
    expect(configLocation({ ACPCTL_CONFIG: "/x/c.yaml", XDG_CONFIG_HOME: "/xdg" })).toEqual({
      path: "/x/c.yaml",
      ownsDirectory: false,
    });
    expect(configLocation({ XDG_CONFIG_HOME: "/xdg", HOME: "/h" }).path).toBe("/xdg/acpctl/config.yaml");
    expect(configLocation({ HOME: "/h" })).toEqual({ path: "/h/.config/acpctl/config.yaml", ownsDirectory: true });
  });

  it("reads no file as an empty config and creates nothing", async () => {
    const location = { path: join(dir, "none", "acpctl", "config.yaml"), ownsDirectory: true };
    expect(await loadConfig(location, sink())).toEqual(emptyConfig);
    await expect(stat(join(dir, "none"))).rejects.toThrow(/ENOENT/);
  });

  it("writes 0600 in a 0700 directory, atomically, leaving no temporary file", async () => {
    const location = configLocation({ XDG_CONFIG_HOME: join(dir, "xdg") });
    await saveConfig(location, sample);
    await saveConfig(location, { ...sample, currentContext: undefined });
    expect((await stat(location.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "xdg", "acpctl"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, "xdg", "acpctl"))).toEqual(["config.yaml"]);
    const stderr = sink();
    expect(await loadConfig(location, stderr)).toEqual({ ...sample, currentContext: undefined });
    expect(stderr.text()).toBe("");
  });

  it("warns about a file others can read, and tightens only its own directory", async () => {
    const location = configLocation({ XDG_CONFIG_HOME: join(dir, "loose") });
    await saveConfig(location, sample);
    await chmod(location.path, 0o644);
    await chmod(join(dir, "loose", "acpctl"), 0o755);
    const stderr = sink();
    expect(await loadConfig(location, stderr)).toEqual(sample);
    expect(stderr.text()).toMatch(/^warning: .* is readable by other users \(mode 0644\)/);
    expect((await stat(join(dir, "loose", "acpctl"))).mode & 0o777).toBe(0o700);

    // A directory the user named is theirs: refused, not changed.
    const shared = join(dir, "shared");
    await mkdir(shared, { mode: 0o755 });
    await chmod(shared, 0o755);
    const named = configLocation({ ACPCTL_CONFIG: join(shared, "c.yaml") });
    await expect(saveConfig(named, sample)).rejects.toThrow(CliError);
    expect((await stat(shared)).mode & 0o777).toBe(0o755);
  });

  it("refuses to read through a symlink", async () => {
    const real = join(dir, "real.yaml");
    await writeFile(real, "contexts: []\n", { mode: 0o600 });
    const linkDir = join(dir, "linked");
    await mkdir(linkDir, { mode: 0o700 });
    await symlink(real, join(linkDir, "config.yaml"));
    await expect(loadConfig({ path: join(linkDir, "config.yaml"), ownsDirectory: false }, sink())).rejects.toThrow(
      CliError,
    );
  });
});
