// Where each file of an app sits in its layers, and which imports between two
// files of the same app break them.

export interface AppLayers {
  // Top to bottom. A name ending in "/" is a folder directly in src; any other
  // name is a single file directly in src (the entry point).
  readonly layers: readonly string[];
  // Below every layer: anything may import them, they import none of the app,
  // so logging (and the like) can be used from anywhere without pulling the
  // app in after it.
  readonly base: readonly string[];
  // Test support may reach any layer to set the app up, and only tests may
  // reach it, so fixtures never ship inside the code they test.
  readonly testSupport?: string;
}

// Keyed by the app's src folder. Every app with a src folder must be listed,
// so a new app (or a new folder in one) gets its place decided on purpose.
export type LayerTable = Readonly<Record<string, AppLayers>>;

export const layerTable: LayerTable = {
  "apps/api/src": {
    layers: ["main.ts", "commands/", "server/", "services/", "crypto/", "storage/"],
    base: ["logging/"],
    testSupport: "testing/",
  },
  // acpctl: main.ts runs the program; commands/ holds one file per noun;
  // client/ speaks Connect to acp-api; config/ keeps contexts and picks the
  // server and token. io/ (streams, prompts, exit codes) and output/ (tables,
  // proto JSON/YAML) sit below everything.
  "apps/cli/src": {
    layers: ["main.ts", "snapshot-warmup.ts", "commands/", "client/", "config/"],
    base: ["io/", "output/"],
    testSupport: "testing/",
  },
  // acp-runner: main.ts runs the program (snapshot-warmup.ts walks its start
  // for the snapshot builder); commands/ holds run, prepare, clean
  // and git-credential; session/ drives one session's life (fetch, write,
  // start CMD, follow the stream, wipe); client/ speaks gRPC to acp-api;
  // git/ answers git's credential protocol from the secrets directory;
  // materialize/ turns the registry's plan into private files, env and MCP
  // config; process/ starts and signals CMD. logging/ sits below everything.
  "apps/runner/src": {
    layers: ["main.ts", "snapshot-warmup.ts", "commands/", "session/", "client/", "git/", "materialize/", "process/"],
    base: ["logging/"],
    testSupport: "testing/",
  },
};

export type Placement =
  | { kind: "layer"; name: string; rank: number }
  | { kind: "base"; name: string }
  | { kind: "test-support"; name: string }
  // Not in the table: `name` is the folder (or root file) it would need.
  | { kind: "unplaced"; name: string };

export interface PlacedFile {
  app: string;
  placement: Placement;
}

export function isTestFile(path: string): boolean {
  return /\.test\.[cm]?[jt]sx?$/.test(path);
}

// The app src folder of a path under apps/, whether or not the table has it.
export function appSrcOf(path: string): string | undefined {
  return /^apps\/[^/]+\/src(?=\/)/.exec(path)?.[0];
}

// The first segment below src decides a file's layer: a folder name with its
// slash, or the file's own name when it sits directly in src. Tests sit beside
// their code, so main.test.ts belongs with main.ts.
function slotOf(app: string, path: string): string {
  const rest = path.slice(app.length + 1);
  const slash = rest.indexOf("/");
  return slash < 0 ? rest.replace(/\.test(\.[cm]?[jt]sx?)$/, "$1") : rest.slice(0, slash + 1);
}

export function placeFile(path: string, table: LayerTable): PlacedFile | undefined {
  const app = appSrcOf(path);
  const layers = app === undefined ? undefined : table[app];
  if (app === undefined || layers === undefined) return undefined;
  const name = slotOf(app, path);
  const rank = layers.layers.indexOf(name);
  if (rank >= 0) return { app, placement: { kind: "layer", name, rank } };
  if (layers.base.includes(name)) return { app, placement: { kind: "base", name } };
  if (name === layers.testSupport) return { app, placement: { kind: "test-support", name } };
  return { app, placement: { kind: "unplaced", name } };
}

// Why importing `to` from `from` breaks the layers, or undefined when it does
// not. Both files must already be placed in the same app; unplaced files are
// reported on their own, once, rather than at every import that touches them.
export function layerViolation(fromPath: string, from: Placement, to: Placement): string | undefined {
  if (from.kind === "unplaced" || to.kind === "unplaced") return undefined;
  if (to.kind === "test-support") {
    if (from.kind === "test-support" || isTestFile(fromPath)) return undefined;
    return `${from.name} imports ${to.name} (test support); only *.test.ts files and ${to.name} itself may import it`;
  }
  if (from.kind === "test-support") return undefined;
  if (from.kind === "base") {
    if (to.name === from.name) return undefined;
    return `${from.name} imports ${to.name}; ${from.name} is a base layer and may import none of the rest of the app`;
  }
  if (to.kind === "base") return undefined;
  if (to.rank < from.rank) {
    return `${from.name} imports ${to.name} (a higher layer); lower layers may not import higher ones`;
  }
  return undefined;
}
