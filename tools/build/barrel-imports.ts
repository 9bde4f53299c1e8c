import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Plugin, PluginBuild } from "esbuild";

// Inside a bundle whose commands load with import(), esbuild initializes a
// module on first use, and a barrel (an index.ts made only of `export … from`
// lines) initializes everything it re-exports: `@acp/proto`'s index decodes
// every descriptor of the contract (~17 ms) for a command that needs one
// service, and `client/index.ts` loads connect-node for a command that only
// formats an error. This plugin points each named import of a barrel at the
// module that declares the name, so a module initializes only what it
// imports. Sources keep importing barrels (the layer rules want that); only
// the bundle sees the rewrite.

// `import { a, type B, c as d } from "x";`, possibly over several lines.
const namedImport = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?/g;
const reExport = /export\s+(type\s+)?(\*|\{[^}]*\})\s+from\s+"([^"]+)";?/g;
const comments = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/** Where a name a barrel exports comes from: a module and its name there, or a type (erased). */
type Origin = { readonly kind: "value"; readonly file: string; readonly name: string } | { readonly kind: "type" };

/** Whether a module is made only of re-exports, and so only forwards names. */
export function isBarrel(source: string): boolean {
  const code = source.replace(comments, "");
  const rest = code.replace(reExport, "");
  return rest.length !== code.length && rest.trim() === "";
}

/** The names a non-barrel module declares: values and types. */
export function declaredNames(source: string): { values: Set<string>; types: Set<string> } {
  const values = new Set<string>();
  const types = new Set<string>();
  const code = source.replace(comments, "");
  for (const [, name] of code.matchAll(
    /^export\s+(?:declare\s+)?(?:const|let|var|(?:async\s+)?function\*?|(?:abstract\s+)?class|enum)\s+([\w$]+)/gm,
  )) {
    values.add(name!);
  }
  for (const [, name] of code.matchAll(/^export\s+(?:declare\s+)?(?:type|interface)\s+([\w$]+)/gm)) types.add(name!);
  return { values, types };
}

type Resolver = (specifier: string, fromDir: string) => Promise<string | undefined>;

/** Maps a barrel's exported names to their origins, following barrels of barrels; undefined for a non-barrel. */
export async function barrelOrigins(
  file: string,
  resolveSpecifier: Resolver,
): Promise<Map<string, Origin> | undefined> {
  const source = readFileSync(file, "utf8");
  if (!isBarrel(source)) return undefined;
  const origins = new Map<string, Origin>();
  for (const [, typeOnly, what, specifier] of source.replace(comments, "").matchAll(reExport)) {
    const target = await resolveSpecifier(specifier!, dirname(file));
    if (target === undefined) return undefined;
    const nested = /\.[cm]?[jt]s$/.test(target) ? await barrelOrigins(target, resolveSpecifier) : undefined;
    const originOf = (name: string): Origin | undefined => {
      if (nested !== undefined) return nested.get(name);
      const declared = declaredNames(readFileSync(target, "utf8"));
      if (declared.values.has(name)) return { kind: "value", file: target, name };
      return declared.types.has(name) ? { kind: "type" } : undefined;
    };
    if (what === "*") {
      if (nested !== undefined) for (const [name, origin] of nested) origins.set(name, origin);
      else {
        const declared = declaredNames(readFileSync(target, "utf8"));
        for (const name of declared.values) origins.set(name, { kind: "value", file: target, name });
        for (const name of declared.types) origins.set(name, { kind: "type" });
      }
      continue;
    }
    for (const raw of what!.slice(1, -1).split(",")) {
      const spec = raw.trim();
      if (spec === "") continue;
      const isType = typeOnly !== undefined || spec.startsWith("type ");
      const [inner, outer = inner] = spec.replace(/^type\s+/, "").split(/\s+as\s+/) as [string, string?];
      if (isType) {
        origins.set(outer!, { kind: "type" });
        continue;
      }
      const origin = originOf(inner);
      if (origin === undefined) return undefined;
      origins.set(outer!, origin);
    }
  }
  return origins;
}

/**
 * The source with every named import of a barrel split into one import per
 * declaring module; type-only names are dropped (esbuild would erase them).
 * A statement naming anything the barrel's map cannot place stays as it is:
 * correct, only not lazy.
 */
export async function splitBarrelImports(
  source: string,
  fromDir: string,
  originsOf: (specifier: string, fromDir: string) => Promise<Map<string, Origin> | undefined>,
): Promise<string> {
  const replacements: string[] = [];
  for (const [statement, list, specifier] of source.matchAll(namedImport)) {
    const origins = await originsOf(specifier!, fromDir);
    replacements.push(origins === undefined ? statement : (splitOne(statement, list!, origins) ?? statement));
  }
  let at = 0;
  return source.replace(namedImport, () => replacements[at++]!);
}

function splitOne(statement: string, list: string, origins: Map<string, Origin>): string | undefined {
  const byFile = new Map<string, string[]>();
  for (const raw of list.split(",")) {
    const spec = raw.trim();
    if (spec === "" || spec.startsWith("type ")) continue;
    const [name, local = name] = spec.split(/\s+as\s+/) as [string, string?];
    const origin = origins.get(name);
    if (origin === undefined) return undefined;
    if (origin.kind === "type") continue;
    const imported = origin.name === local ? local : `${origin.name} as ${local}`;
    byFile.set(origin.file, [...(byFile.get(origin.file) ?? []), imported]);
  }
  return (
    [...byFile]
      .map(([file, names]) => `import { ${names.join(", ")} } from ${JSON.stringify(file)};`)
      .join(" ")
      // The statement's line breaks stay, so the source map's lines still match.
      .concat("\n".repeat(statement.split("\n").length - 1))
  );
}

/**
 * The esbuild plugin: rewrites the workspace's TypeScript sources that import
 * barrels by name. Each barrel it reads goes into `barrelsRead`: the bundle no
 * longer imports them, yet a change to one changes the bundle.
 */
export function barrelImportsPlugin(barrelsRead: Set<string>): Plugin {
  return {
    name: "acp-barrel-imports",
    setup(build: PluginBuild) {
      const resolved = new Map<string, Promise<string | undefined>>();
      const resolveSpecifier: Resolver = (specifier, fromDir) => {
        const key = `${fromDir}\0${specifier}`;
        let found = resolved.get(key);
        if (found === undefined) {
          found = specifier.startsWith(".")
            ? build
                .resolve(specifier, { kind: "import-statement", resolveDir: fromDir })
                .then((r) => (r.errors.length === 0 && !r.external ? r.path : resolve(fromDir, specifier)))
            : build
                .resolve(specifier, { kind: "import-statement", resolveDir: fromDir })
                .then((r) => (r.errors.length === 0 && !r.external && r.namespace === "file" ? r.path : undefined));
          resolved.set(key, found);
        }
        return found;
      };
      const barrels = new Map<string, Promise<Map<string, Origin> | undefined>>();
      const originsOf = async (specifier: string, fromDir: string) => {
        const file = await resolveSpecifier(specifier, fromDir);
        if (file === undefined) return undefined;
        let origins = barrels.get(file);
        if (origins === undefined) {
          barrelsRead.add(file);
          origins = barrelOrigins(file, resolveSpecifier);
          barrels.set(file, origins);
        }
        return origins;
      };
      // The workspace's TypeScript and dependencies' ES modules: protobuf-es's
      // own modules import its wkt barrel, which decodes fifteen well-known
      // files (api.proto, struct.proto, the compiler plugin's, …) for the two
      // or three a contract uses.
      build.onLoad({ filter: /\.(ts|m?js)$/ }, async (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import")) return undefined;
        const contents = await splitBarrelImports(source, dirname(args.path), originsOf);
        return contents === source ? undefined : { contents, loader: args.path.endsWith(".ts") ? "ts" : "js" };
      });
    },
  };
}
