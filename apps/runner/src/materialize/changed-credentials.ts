import type { MaterializationPlan } from "@acp/providers";

/**
 * Names of the credentials whose part of the plan differs between `before`
 * and `after`: added, removed, or with another file, variable, git entry or
 * MCP server. Compares the plan, so a value is never copied anywhere else.
 */
export function changedCredentials(before: MaterializationPlan, after: MaterializationPlan): string[] {
  const previous = fingerprints(before);
  const next = fingerprints(after);
  const names = new Set([...previous.keys(), ...next.keys()]);
  return [...names].filter((name) => previous.get(name) !== next.get(name)).sort();
}

function fingerprints(plan: MaterializationPlan): Map<string, string> {
  const parts = new Map<string, unknown[]>();
  const add = (item: { readonly credentialName: string }) => {
    const list = parts.get(item.credentialName) ?? [];
    list.push(item);
    parts.set(item.credentialName, list);
  };
  for (const list of [plan.files, plan.env, plan.gitCredentials, plan.mcpServers]) list.forEach(add);
  return new Map([...parts].map(([name, items]) => [name, JSON.stringify(items)]));
}
