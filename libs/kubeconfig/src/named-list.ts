import { fieldPath, itemPath } from "./config-path.js";
import type { KubeconfigProblem } from "./public-types.js";
import { asRecord, fieldValue, isSet, readText, type YamlRecord } from "./read-field.js";

/** An entry of clusters, users or contexts; each part is undefined when it has a problem. */
export interface ListEntry<T> {
  readonly name: string | undefined;
  readonly value: T | undefined;
}

export interface NamedListShape<T> {
  /** Top-level key, e.g. "clusters". */
  readonly listKey: string;
  /** Key of each entry's body, e.g. "cluster". */
  readonly bodyKey: string;
  readonly readBody: (body: YamlRecord, path: string, problems: KubeconfigProblem[]) => T | undefined;
}

/** Reads a named list, checking that names are set and unique and handing each body to its reader. */
export function readNamedList<T>(
  root: YamlRecord,
  shape: NamedListShape<T>,
  problems: KubeconfigProblem[],
): ListEntry<T>[] {
  const { listKey, bodyKey } = shape;
  const list = fieldValue(root, listKey);
  if (!Array.isArray(list) || list.length === 0) {
    const message = isSet(list) ? `must be a list of {name, ${bodyKey}} entries` : `must have at least one entry`;
    problems.push({ path: listKey, message });
    return [];
  }
  const seen = new Set<string>();
  return list.map((item: unknown, index) => {
    const path = itemPath(listKey, index);
    const entry = asRecord(item);
    if (entry === undefined) {
      problems.push({ path, message: `must be a mapping with name and ${bodyKey}` });
      return { name: undefined, value: undefined };
    }
    const name = readText(entry, "name", path, "required", problems);
    if (name !== undefined && seen.has(name)) {
      problems.push({
        path: fieldPath(path, "name"),
        message: `repeats the name of an earlier entry in ${listKey}; give each entry its own name`,
      });
    }
    if (name !== undefined) seen.add(name);
    const bodyPath = fieldPath(path, bodyKey);
    const body = asRecord(fieldValue(entry, bodyKey));
    if (body === undefined) {
      problems.push({ path: bodyPath, message: "is required and must be a mapping" });
      return { name, value: undefined };
    }
    return { name, value: shape.readBody(body, bodyPath, problems) };
  });
}
