// Test support for the project's promise that adding a provider is one proto
// change: a copy of the repository with exactly that change, regenerated, in
// which the copies' own code can be imported and driven.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll } from "vitest";

const run = promisify(execFile);
const providerTypeProto = "proto/acp/providers/v1/provider_type.proto";

/**
 * What every copy needs: the contract, buf's config, the base tsconfig the
 * packages extend, and the libraries that read the registry.
 */
export const contractPaths: readonly string[] = [
  "proto",
  "buf.yaml",
  "buf.gen.yaml",
  "tsconfig.base.json",
  "libs/proto",
  "libs/providers",
  "libs/kubeconfig",
];

/** Their workspace packages, name (without @acp/) to folder. */
export const contractPackages: Readonly<Record<string, string>> = {
  proto: "libs/proto",
  providers: "libs/providers",
  kubeconfig: "libs/kubeconfig",
};

export interface ChangedWorkspaceOptions {
  readonly repoRoot: string;
  /** Repository paths to copy; tsconfig.base.json too, since the packages' tsconfigs extend it. */
  readonly copied: readonly string[];
  /** Workspace package name (without @acp/) to its copied folder. */
  readonly workspacePackages: Readonly<Record<string, string>>;
  /** Appended inside the ProviderType enum, e.g. a value with its (acp.providers.v1.provider) option. */
  readonly enumValue: string;
}

export interface ChangedWorkspace {
  readonly root: string;
  dispose(): Promise<void>;
}

export async function changedWorkspace(options: ChangedWorkspaceOptions): Promise<ChangedWorkspace> {
  const { repoRoot, copied, workspacePackages, enumValue } = options;
  const root = await mkdtemp(join(tmpdir(), "acp-single-change-"));
  for (const path of copied) {
    await cp(join(repoRoot, path), join(root, path), {
      recursive: true,
      filter: (source) => !source.split(/[\\/]/).includes("node_modules"),
    });
    // Package-local installs (pinned versions that differ from the root) stay shared.
    if (existsSync(join(repoRoot, path, "node_modules"))) {
      await symlink(join(repoRoot, path, "node_modules"), join(root, path, "node_modules"));
    }
  }
  const protoPath = join(root, providerTypeProto);
  const proto = await readFile(protoPath, "utf8");
  const enumEnd = proto.lastIndexOf("}");
  await writeFile(protoPath, proto.slice(0, enumEnd) + enumValue + proto.slice(enumEnd));

  // Everything installed resolves to the real tree, except the workspace
  // packages, which must resolve to the copies so the new enum value is seen.
  const modules = join(root, "node_modules");
  await mkdir(join(modules, "@acp"), { recursive: true });
  for (const entry of await readdir(join(repoRoot, "node_modules"))) {
    if (entry !== "@acp") await symlink(join(repoRoot, "node_modules", entry), join(modules, entry));
  }
  for (const [name, path] of Object.entries(workspacePackages)) {
    await symlink(join(root, path), join(modules, "@acp", name));
  }
  await run(join(repoRoot, "node_modules/.bin/buf"), ["generate"], { cwd: root });
  return { root, dispose: () => rm(root, { recursive: true, force: true }) };
}

/**
 * The changed workspace for one vitest suite: made before its tests (copying
 * and regenerating take a while), removed after them. `module()` is the
 * copy's `entry` (a repository path), imported from the copy.
 */
export function useChangedWorkspace<M>(options: ChangedWorkspaceOptions, entry: string) {
  let workspace: ChangedWorkspace | undefined;
  let loaded: M | undefined;
  beforeAll(async () => {
    workspace = await changedWorkspace(options);
    loaded = (await import(pathToFileURL(join(workspace.root, entry)).href)) as M;
  }, 180_000);
  afterAll(async () => workspace?.dispose());
  return {
    root: () => workspace!.root,
    module: () => loaded!,
  };
}
