import { posix } from "node:path";

// A folder with an index.ts shows the rest of the code only that file, so its
// inside can be rearranged without touching its users. Folders at any depth of
// an app's or library's src count, src itself included (its index.ts is what
// the package exports).
export function facedFolders(files: Iterable<string>): Set<string> {
  const faced = new Set<string>();
  for (const f of files) {
    if (/^(apps|libs)\/[^/]+\/src(\/.+)?\/index\.ts$/.test(f)) faced.add(posix.dirname(f));
  }
  return faced;
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

// The faced folder that importing `target` from `importer` enters other than
// through its index.ts, or undefined. Only entry from outside is guarded:
// files inside a folder reach each other, and their parents' files, freely.
// Of several nested faces the importer is outside of, the outermost is the one
// it must go through first, so that is the one named.
export function faceBypassed(importer: string, target: string, faced: ReadonlySet<string>): string | undefined {
  const parts = target.split("/");
  for (let depth = 1; depth < parts.length; depth++) {
    const folder = parts.slice(0, depth).join("/");
    if (!faced.has(folder) || isInside(importer, folder)) continue;
    return target === `${folder}/index.ts` ? undefined : folder;
  }
  return undefined;
}
