import { isMap, isSeq, parseDocument, stringify } from "yaml";
import { CliError } from "../io/index.js";
import type { CliConfig, ContextEntry } from "./cli-config.js";

const header = "# acpctl configuration: API servers and their tokens. Keep it private (mode 0600).\n";

/**
 * Reads the config file, kubeconfig-shaped:
 *
 *   current-context: local
 *   contexts:
 *     - name: local
 *       server: http://127.0.0.1:8080
 *       token: …
 *
 * Problems name the file and the path inside it, never a value: the file
 * holds tokens, and the yaml library's own messages quote the source line.
 * Unknown keys are ignored, so an older acpctl reads a newer file.
 */
export function parseConfig(text: string, file: string): CliConfig {
  // prettyErrors fills in linePos; the message it also builds quotes the source and is never shown.
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    throw new CliError(`${file}: not valid YAML${line === undefined ? "" : ` (line ${line})`}; fix or remove the file`);
  }
  if (document.contents === null) return { currentContext: undefined, contexts: [] };
  if (!isMap(document.contents)) throw configProblem(file, "(document)", "must be a mapping");
  const problems: string[] = [];
  const currentContext = optionalText(document.get("current-context"), "current-context", problems);
  const list = document.get("contexts");
  const contexts: ContextEntry[] = [];
  const seen = new Set<string>();
  if (list !== undefined && list !== null && !isSeq(list)) problems.push("contexts: must be a list");
  if (isSeq(list)) {
    for (const [index, item] of list.items.entries()) {
      const path = `contexts[${index}]`;
      if (!isMap(item)) {
        problems.push(`${path}: must be a mapping with name, server and token`);
        continue;
      }
      const name = requiredText(item.get("name"), `${path}.name`, problems);
      const server = requiredText(item.get("server"), `${path}.server`, problems);
      const token = optionalText(item.get("token"), `${path}.token`, problems);
      if (name !== undefined && seen.has(name)) problems.push(`${path}.name: repeats the name of an earlier context`);
      if (name !== undefined) seen.add(name);
      if (name !== undefined && server !== undefined) contexts.push({ name, server, token });
    }
  }
  if (problems.length > 0) throw new CliError(problems.map((problem) => `${file}: ${problem}`));
  return { currentContext, contexts };
}

export function serializeConfig(config: CliConfig): string {
  const data = {
    ...(config.currentContext === undefined ? {} : { "current-context": config.currentContext }),
    contexts: config.contexts.map(({ name, server, token }) => ({
      name,
      server,
      ...(token === undefined ? {} : { token }),
    })),
  };
  return header + stringify(data, { lineWidth: 0 });
}

function configProblem(file: string, path: string, problem: string): CliError {
  return new CliError(`${file}: ${path}: ${problem}`);
}

function requiredText(value: unknown, path: string, problems: string[]): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  problems.push(`${path}: must be a non-empty string`);
  return undefined;
}

function optionalText(value: unknown, path: string, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  problems.push(`${path}: must be a string`);
  return undefined;
}
