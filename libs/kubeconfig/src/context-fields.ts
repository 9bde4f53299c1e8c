import type { ContextSpec } from "./config-model.js";
import { fieldPath } from "./config-path.js";
import type { KubeconfigProblem } from "./public-types.js";
import { readText, type YamlRecord } from "./read-field.js";

/** The names a context may reference. */
export interface KnownNames {
  readonly clusters: ReadonlySet<string>;
  readonly users: ReadonlySet<string>;
}

// Namespaces are DNS-1123 labels; anything else fails on the first request.
const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks one `contexts[i].context` mapping, including that it names a defined cluster and user. */
export function readContext(
  body: YamlRecord,
  path: string,
  known: KnownNames,
  problems: KubeconfigProblem[],
): ContextSpec | undefined {
  const before = problems.length;
  const cluster = readReference(body, path, "cluster", known.clusters, problems);
  const user = readReference(body, path, "user", known.users, problems);
  const namespace = readText(body, "namespace", path, "optional", problems);
  if (namespace !== undefined && !dns1123Label.test(namespace)) {
    problems.push({
      path: fieldPath(path, "namespace"),
      message:
        "must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), as namespace names are",
    });
  }
  if (cluster === undefined || user === undefined || problems.length > before) return undefined;
  return { cluster, user, namespace };
}

function readReference(
  body: YamlRecord,
  parentPath: string,
  key: "cluster" | "user",
  names: ReadonlySet<string>,
  problems: KubeconfigProblem[],
): string | undefined {
  const name = readText(body, key, parentPath, "required", problems);
  if (name === undefined || names.has(name)) return name;
  problems.push({
    path: fieldPath(parentPath, key),
    message: `names a ${key} that is not defined under ${key}s; use one of their names`,
  });
  return undefined;
}
