import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { credentialClaims } from "./credential-claims.js";
import { providers } from "./providers.js";

const claimsOf = (type: ProviderType, fields = { url: "", email: "" }) =>
  credentialClaims(providers.get(type)!, fields);

describe("credentialClaims", () => {
  it("lists what the materialization plan would claim, so rival credentials can be told apart early", () => {
    const google = claimsOf(ProviderType.GOOGLE);
    const vertex = claimsOf(ProviderType.VERTEX);
    const shared = google.filter((a) => vertex.some((b) => a.kind === b.kind && a.key === b.key));
    expect(shared).toContainEqual({ kind: "env", key: "GOOGLE_APPLICATION_CREDENTIALS" });
    const kube = claimsOf(ProviderType.KUBECONFIG);
    expect(kube).toContainEqual({ kind: "env", key: "KUBECONFIG" });
    expect(kube.map((c) => c.kind)).toContain("mcp-server");
    expect(kube.map((c) => c.kind)).toContain("file");
  });

  it("claims the url's host for git instead of the defaults, and nothing for an unusable url", () => {
    const hosts = (url: string) =>
      claimsOf(ProviderType.GITLAB, { url, email: "" }).filter((c) => c.kind === "git-host");
    expect(hosts("https://gitlab.example.com:8443/group")).toEqual([
      { kind: "git-host", key: "gitlab.example.com:8443" },
    ]);
    expect(hosts("not a url")).toEqual([]);
    expect(claimsOf(ProviderType.GITHUB).filter((c) => c.kind === "git-host").length).toBeGreaterThan(0);
  });
});
