// A project the way a runner meets it: one credential of every provider,
// each bound to the project, created through the API as an admin would.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { tokenKubeconfig } from "@acp/kubeconfig/test-corpus";
import { type BindingService, type CredentialService, type ProjectService, ProviderType } from "@acp/proto";
import type { Client } from "@connectrpc/connect";

export interface AdminClients {
  readonly projects: Client<typeof ProjectService>;
  readonly credentials: Client<typeof CredentialService>;
  readonly bindings: Client<typeof BindingService>;
}

export interface BoundCredential {
  readonly id: string;
  readonly name: string;
  readonly provider: ProviderType;
  /** As acp stores it and hands it out. */
  readonly secret: string;
}

export interface SeededProject {
  readonly projectId: string;
  /** In the order they were bound, which within one tier is the order they win in. */
  readonly bound: readonly BoundCredential[];
}

/**
 * Vertex before Google, deliberately: both set GOOGLE_APPLICATION_CREDENTIALS,
 * so one of them loses, and within a tier the earlier binding wins. An agent
 * session is likelier to call Vertex AI than other Google Cloud APIs.
 */
export const bindingOrder: readonly ProviderType[] = [
  ProviderType.GITHUB,
  ProviderType.GITLAB,
  ProviderType.JIRA,
  ProviderType.VERTEX,
  ProviderType.GOOGLE,
  ProviderType.KUBECONFIG,
];

/** Creates a project and one credential per provider, each bound to the project. */
export async function seedProject(clients: AdminClients, name: string): Promise<SeededProject> {
  const { project } = await clients.projects.createProject({ name });
  if (!project) throw new Error("CreateProject answered without a project");
  const bound: BoundCredential[] = [];
  for (const provider of bindingOrder) {
    const fields = credentialFields(provider);
    const credentialName = `${name}-${ProviderType[provider].toLowerCase()}`;
    const { credential } = await clients.credentials.createCredential({ name: credentialName, provider, ...fields });
    if (!credential) throw new Error(`CreateCredential (${ProviderType[provider]}) answered without a credential`);
    await clients.bindings.createBinding({
      credentialId: credential.id,
      target: { case: "projectId", value: project.id },
    });
    // What acp stores, which is not always what was sent: a kubeconfig is kept minified.
    const { secret } = await clients.credentials.getCredentialSecret({ id: credential.id });
    bound.push({ id: credential.id, name: credentialName, provider, secret });
  }
  return { projectId: project.id, bound };
}

/** A fresh classic GitHub token (40 characters), for creating and rotating. */
export function githubToken(): string {
  return `ghp_${randomBytes(27).toString("base64url")}`;
}

/** Secret (and url, email where the provider needs them) that pass the provider's validation. */
function credentialFields(provider: ProviderType): { secret: string; url?: string; email?: string } {
  switch (provider) {
    case ProviderType.GITHUB:
      return { secret: githubToken() };
    case ProviderType.GITLAB:
      return { secret: `glpat-${randomBytes(15).toString("base64url")}` };
    case ProviderType.JIRA:
      return {
        secret: `ATATT3x${randomBytes(24).toString("base64url")}`,
        url: "https://bench.atlassian.net",
        email: "bench@example.test",
      };
    case ProviderType.GOOGLE:
    case ProviderType.VERTEX:
      return { secret: serviceAccountKey(provider === ProviderType.GOOGLE ? "google" : "vertex") };
    case ProviderType.KUBECONFIG:
      return { secret: tokenKubeconfig(`sha256~${randomBytes(32).toString("base64url")}`) };
    default:
      throw new Error(`no bench secret for provider ${ProviderType[provider]}`);
  }
}

/** A service-account key file as Google issues it, with a real 2048-bit RSA key. */
function serviceAccountKey(account: string): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return JSON.stringify({
    type: "service_account",
    project_id: "acp-bench",
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: `${account}@acp-bench.iam.gserviceaccount.com`,
    client_id: "100000000000000000000",
    token_uri: "https://oauth2.googleapis.com/token",
  });
}
