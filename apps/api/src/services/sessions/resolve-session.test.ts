import { BindingTier, ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import type { BindingTarget, BoundCredential } from "../../storage/index.js";
import { resolveSession } from "./resolve-session.js";

const session = { tier: BindingTier.SESSION, sessionId: "ses_1", projectId: "prj_1" } as const;
const agent = { tier: BindingTier.AGENT, projectId: "prj_1", agent: "ci-fixer" } as const;
const project = { tier: BindingTier.PROJECT, projectId: "prj_1" } as const;
const global = { tier: BindingTier.GLOBAL } as const;

let clock = 0;
/** A candidate as the store hands it over: the caller lists them in (tier, time, id) order. */
function bound(name: string, provider: ProviderType, target: BindingTarget): BoundCredential {
  const time = new Date(++clock);
  return {
    binding: {
      id: `bnd_${name}`,
      credentialId: `cred_${name}`,
      provider,
      target,
      creatorId: "usr_a",
      createTime: time,
    },
    credential: {
      id: `cred_${name}`,
      ownerId: "usr_a",
      name,
      provider,
      url: "",
      email: "",
      description: "",
      labels: {},
      allowInsecure: false,
      summary: new Uint8Array(),
      secret: { keyId: "k", sealed: new Uint8Array() },
      createTime: time,
      updateTime: time,
    },
  };
}

const names = (list: readonly BoundCredential[]) => list.map((c) => c.credential.name);

describe("resolveSession", () => {
  it("gives each provider the credential of the most specific tier: session > agent > project > global", () => {
    const result = resolveSession([
      bound("own", ProviderType.GITHUB, session),
      bound("agents", ProviderType.GITHUB, agent),
      bound("teams", ProviderType.GITHUB, project),
      bound("everyones", ProviderType.GITHUB, global),
      bound("agent-jira", ProviderType.JIRA, agent),
      bound("team-jira", ProviderType.JIRA, project),
      bound("global-kube", ProviderType.KUBECONFIG, global),
    ]);
    expect(names(result.chosen)).toEqual(["own", "agent-jira", "global-kube"]);
    expect(result.excluded.map((e) => [e.candidate.credential.name, e.winner.credential.name])).toEqual([
      ["agents", "own"],
      ["teams", "own"],
      ["everyones", "own"],
      ["team-jira", "agent-jira"],
    ]);
    expect(result.excluded[0]!.reason).toMatch(
      /credential "own" \(cred_own\) bound at the session tier by bnd_own already provides/,
    );
  });

  it("lets the earliest binding win within a tier", () => {
    const result = resolveSession([
      bound("first", ProviderType.GITLAB, project),
      bound("second", ProviderType.GITLAB, project),
    ]);
    expect(names(result.chosen)).toEqual(["first"]);
    expect(names(result.excluded.map((e) => e.candidate))).toEqual(["second"]);
  });

  it("resolves Google and Vertex, which both set GOOGLE_APPLICATION_CREDENTIALS, by the same rule", () => {
    const moreSpecificVertex = resolveSession([
      bound("vertex", ProviderType.VERTEX, agent),
      bound("google", ProviderType.GOOGLE, project),
    ]);
    expect(names(moreSpecificVertex.chosen)).toEqual(["vertex"]);
    expect(moreSpecificVertex.excluded[0]!.reason).toMatch(
      /already sets environment variable GOOGLE_APPLICATION_CREDENTIALS/,
    );
    const earlierGoogle = resolveSession([
      bound("google", ProviderType.GOOGLE, project),
      bound("vertex", ProviderType.VERTEX, project),
    ]);
    expect(names(earlierGoogle.chosen)).toEqual(["google"]);
  });

  it("resolves nothing from nothing", () => {
    expect(resolveSession([])).toEqual({ chosen: [], excluded: [] });
  });
});
