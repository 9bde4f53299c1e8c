import { readCluster } from "./cluster-fields.js";
import type { CurrentSelection, Named } from "./config-model.js";
import { documentPath } from "./config-path.js";
import { type KnownNames, readContext } from "./context-fields.js";
import { type ListEntry, readNamedList } from "./named-list.js";
import type { KubeconfigProblem } from "./public-types.js";
import { asRecord, readText, type YamlRecord } from "./read-field.js";
import { readUser } from "./user-fields.js";

export type CheckedConfig =
  | { readonly ok: true; readonly current: CurrentSelection }
  | { readonly ok: false; readonly problems: KubeconfigProblem[] };

/**
 * Checks the whole file, every entry and not only the current one, in the
 * spirit of client-go's validation plus this service's policy, and collects
 * every problem before giving up. `selected` names the context to keep
 * instead of current-context.
 */
export function checkConfig(document: unknown, allowInsecure: boolean, selected?: string): CheckedConfig {
  const root = asRecord(document);
  if (root === undefined) {
    return {
      ok: false,
      problems: [
        {
          path: documentPath,
          message: "must be a mapping with apiVersion, kind, clusters, users, contexts and current-context",
        },
      ],
    };
  }
  const problems: KubeconfigProblem[] = [];
  expectConstant(root, "apiVersion", "v1", problems);
  expectConstant(root, "kind", "Config", problems);
  const clusters = readNamedList(
    root,
    {
      listKey: "clusters",
      bodyKey: "cluster",
      readBody: (body, path, found) => readCluster(body, path, allowInsecure, found),
    },
    problems,
  );
  const users = readNamedList(root, { listKey: "users", bodyKey: "user", readBody: readUser }, problems);
  const known: KnownNames = { clusters: namesOf(clusters), users: namesOf(users) };
  const contexts = readNamedList(
    root,
    { listKey: "contexts", bodyKey: "context", readBody: (body, path, found) => readContext(body, path, known, found) },
    problems,
  );
  const currentName = selectContext(root, contexts, selected, problems);
  if (problems.length > 0 || currentName === undefined) return { ok: false, problems };

  const context = findNamed(contexts, currentName);
  const cluster = context && findNamed(clusters, context.value.cluster);
  const user = context && findNamed(users, context.value.user);
  if (context === undefined || cluster === undefined || user === undefined) {
    // Unreachable when every entry passed, but the types cannot know that.
    return {
      ok: false,
      problems: [{ path: "current-context", message: "could not be resolved to a cluster and a user" }],
    };
  }
  return { ok: true, current: { context, cluster, user } };
}

// The file's current-context, or the context the caller selected; a selected
// one makes current-context optional, since it is not the one kept.
function selectContext(
  root: YamlRecord,
  contexts: readonly ListEntry<unknown>[],
  selected: string | undefined,
  problems: KubeconfigProblem[],
): string | undefined {
  const defined = (name: string) => contexts.some((context) => context.name === name);
  if (selected !== undefined) {
    readText(root, "current-context", "", "optional", problems);
    if (defined(selected)) return selected;
    // The name comes from the caller, not the file, so it may be quoted.
    problems.push({ path: "contexts", message: `has no context named ${JSON.stringify(selected)}` });
    return undefined;
  }
  const currentName = readText(root, "current-context", "", "required", problems);
  if (currentName !== undefined && !defined(currentName)) {
    problems.push({
      path: "current-context",
      message: "names a context that is not defined under contexts; set it to one of their names",
    });
  }
  return currentName;
}

function expectConstant(root: YamlRecord, key: string, expected: string, problems: KubeconfigProblem[]): void {
  const value = readText(root, key, "", "required", problems);
  if (value !== undefined && value !== expected) {
    problems.push({ path: key, message: `must be ${expected}, the only value kubectl accepts here` });
  }
}

function namesOf(entries: readonly ListEntry<unknown>[]): Set<string> {
  return new Set(entries.flatMap(({ name }) => (name === undefined ? [] : [name])));
}

function findNamed<T>(entries: readonly ListEntry<T>[], name: string): Named<T> | undefined {
  const entry = entries.find((candidate) => candidate.name === name);
  return entry?.value === undefined ? undefined : { name, value: entry.value };
}
