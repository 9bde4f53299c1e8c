import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { filePathToken, type ProviderMcpServer, providers } from "@acp/providers";

const require = createRequire(import.meta.url);

// The npm package whose pinned version the tests drive. Found in the registry by
// package, so the args and version checked here are exactly those the runner writes.
const packageName = "kubernetes-mcp-server";

export function registryMcpServer(): ProviderMcpServer {
  const spec = providers.all().find((p) => p.mcpServer?.npmPackage === packageName)?.mcpServer;
  if (spec === undefined) throw new Error(`no provider in the registry starts ${packageName}`);
  return spec;
}

/** The registry's args for the server with `{file}` resolved, as the runner puts them after `npx -y pkg@version`. */
export function registryMcpArgs(kubeconfigPath: string): string[] {
  return registryMcpServer().args.map((arg) => arg.replaceAll(filePathToken, kubeconfigPath));
}

/** The version installed through the lockfile (root node_modules). */
export function installedMcpServerVersion(): string {
  return (require(`${packageName}/package.json`) as { version: string }).version;
}

/** The repo root: where `npx` finds the locally installed package without the network. */
export function repoRoot(): string {
  return dirname(dirname(dirname(require.resolve(`${packageName}/package.json`))));
}

/** The npm package's bin (a Node wrapper that spawns the Go binary and forwards signals). */
export function mcpServerNpmBin(): string {
  return join(repoRoot(), "node_modules", ".bin", packageName);
}

const goArch: Partial<Record<string, string>> = { x64: "amd64", arm64: "arm64" };

/** The Go binary itself, for tests that must signal the server and not a wrapper. */
export function mcpServerBinary(): string {
  const platform = `${process.platform === "win32" ? "windows" : process.platform}-${goArch[process.arch] ?? process.arch}`;
  const name = `${packageName}-${platform}`;
  return require.resolve(`${name}/bin/${name}${process.platform === "win32" ? ".exe" : ""}`);
}
