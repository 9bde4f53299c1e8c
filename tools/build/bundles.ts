// Every bin runs one of these bundles. A new bin is one more row: its entry
// exports `main(argv: string[]): Promise<number>`, and its bin file imports
// the outfile (see apps/api/bin/acp-api.mjs).

export interface BundleEntry {
  /** The bin's name, used in build output. */
  readonly name: string;
  /** The TypeScript entry point, relative to the repository root. */
  readonly entry: string;
  /** The bundle, relative to the repository root; its source map and stamp sit beside it. */
  readonly outfile: string;
  /**
   * "esm" (the default): the outfile is the bundle, an ES module. "code-cache",
   * for a short-lived bin such as a CLI: the bundle is CommonJS (BUNDLE.cjs,
   * beside the outfile) with a V8 code cache, and the outfile a small loader
   * exporting the bundle's main (see code-cache-loader.mjs). "snapshot": a
   * code-cache bundle that also gets a V8 startup snapshot (BUNDLE.blob, see
   * write-snapshot.mjs) and BUNDLE.snapshot.sh, the line that starts the node
   * which built it from the blob, for a shell bin to source (apps/cli/bin/acpctl).
   */
  readonly loading?: "esm" | "code-cache" | "snapshot";
  /** Modules whose exports replace the globals of the same names inside the bundle (esbuild's inject). */
  readonly inject?: readonly string[];
  /**
   * Named imports of a barrel (an index.ts of re-exports, `@acp/proto`'s
   * among them) go straight to the module declaring each name
   * (barrel-imports.ts), so a lazily loaded command initializes only what it
   * uses.
   */
  readonly splitBarrels?: boolean;
}

export const bundles: readonly BundleEntry[] = [
  { name: "acp-api", entry: "apps/api/src/main.ts", outfile: "apps/api/dist/acp-api.mjs" },
  {
    name: "acpctl",
    entry: "apps/cli/src/main.ts",
    outfile: "apps/cli/dist/acpctl.mjs",
    loading: "snapshot",
    inject: ["apps/cli/src/client/light-headers.ts"],
    splitBarrels: true,
  },
  {
    name: "acp-runner",
    entry: "apps/runner/src/main.ts",
    outfile: "apps/runner/dist/acp-runner.mjs",
    loading: "snapshot",
    splitBarrels: true,
  },
];
