import { isMap, isScalar, isSeq } from "yaml";
import { documentPath, fieldPath, itemPath } from "./config-path.js";
import type { KubeconfigProblem } from "./public-types.js";

interface Pending {
  readonly node: unknown;
  readonly path: string;
}

/**
 * Finds repeated keys, and keys that are not scalars, in one linear pass.
 * The yaml package's own `uniqueKeys` check compares each key with every
 * earlier one, which a megabyte of `kN: v` lines turns into minutes. Keys are
 * compared as the strings they become in the parsed object, so `1` and "1"
 * cannot both slip in with one silently overwriting the other.
 */
export function findKeyProblems(root: unknown): KubeconfigProblem[] {
  const problems: KubeconfigProblem[] = [];
  const pending: Pending[] = [{ node: root, path: "" }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, path } = next;
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        pending.push({ node: item, path: itemPath(path, index) });
      });
      continue;
    }
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const { key, value } of node.items) {
      if (!isScalar(key)) {
        problems.push({
          path: path === "" ? documentPath : path,
          message: "has a mapping key that is not a plain value; write every key as a plain string",
        });
        continue;
      }
      const name = key.value === null ? "" : String(key.value);
      const childPath = fieldPath(path, name);
      if (seen.has(name)) {
        problems.push({
          path: childPath,
          message: "appears twice in the same mapping; keep only one of the two entries",
        });
      }
      seen.add(name);
      pending.push({ node: value, path: childPath });
    }
  }
  return problems;
}
