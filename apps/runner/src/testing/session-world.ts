// A session with real credentials bound to it, on a real API: the runner's
// tests need the same user, project, credentials and bindings, and the same
// ways to change them while a runner watches.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { bearer, type TestApi } from "@acp/api-harness";
import { tokenKubeconfig } from "@acp/kubeconfig/test-corpus";
import { BindingService, CredentialService, FieldRequirement, ProviderType, SecretFormat } from "@acp/proto";
import { type CredentialClaim, credentialClaims, providers } from "@acp/providers";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

/** One credential of the world, bound to its project until `unbind`. */
export interface WorldCredential {
  readonly id: string;
  readonly name: string;
  readonly provider: ProviderType;
  readonly url: string;
  readonly email: string;
  /** The secret as the API stores and hands it out (e.g. a kubeconfig minified). */
  readonly secret: string;
  readonly bindingId: string | undefined;
}

export interface WorldSession {
  readonly sessionId: string;
  readonly runnerToken: string;
}

export interface SessionWorldOptions {
  /**
   * One credential per provider, each bound to the project. Default: every
   * provider of the registry in enum order, leaving out one whose variables,
   * files, git hosts or MCP server an earlier one already claims (the API
   * would exclude it from the session anyway).
   */
  readonly providers?: readonly ProviderType[];
  /** Secrets to use instead of generated ones, e.g. a kubeconfig whose token has an `exp`. */
  readonly secrets?: Partial<Readonly<Record<ProviderType, string>>>;
  /** The runner token's lifetime; the API's default (24 h) when unset. */
  readonly ttlSeconds?: number;
}

export interface SessionWorld extends WorldSession {
  readonly api: TestApi;
  /** The world's own user, an admin: it owns the project and the credentials. */
  readonly userToken: string;
  readonly projectId: string;
  /** In the order asked for; each entry is replaced (not mutated) when the credential changes. */
  readonly credentials: readonly WorldCredential[];
  /** Every secret and token the world has made so far, for "never in a log, argv or message" checks. */
  readonly secrets: readonly string[];
  credential(provider: ProviderType): WorldCredential;
  /** Stores a new secret (a fresh valid one by default) and returns it as the API now hands it out. */
  rotate(provider: ProviderType, secret?: string): Promise<string>;
  /** Deletes the credential's binding: it leaves every session of the project. */
  unbind(provider: ProviderType): Promise<void>;
  /** Binds it to the project again after `unbind`. */
  bind(provider: ProviderType): Promise<void>;
  /** Another session of the same project, with the same credentials. */
  startSession(options?: { ttlSeconds?: number }): Promise<WorldSession>;
  /** Ends the world's session, or the one given. */
  endSession(sessionId?: string): Promise<void>;
}

let worlds = 0;

/** Creates an admin user, a project, credentials bound to it, and a session of it. */
export async function createSessionWorld(api: TestApi, options: SessionWorldOptions = {}): Promise<SessionWorld> {
  const n = ++worlds;
  const label = `world-${n}-${randomBytes(3).toString("hex")}`;
  const userToken = await api.createUser(label, true);
  const auth = bearer(userToken);
  const secrets: string[] = [userToken];
  const transport = createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" });
  const credentialService = createClient(CredentialService, transport);
  const bindingService = createClient(BindingService, transport);
  const { project } = await api.projects.createProject({ name: label }, auth);
  const projectId = project!.id;

  const storedSecret = async (id: string) => {
    const { secret } = await credentialService.getCredentialSecret({ id }, auth);
    secrets.push(secret);
    return secret;
  };
  const bindToProject = async (credentialId: string) =>
    (await bindingService.createBinding({ credentialId, target: { case: "projectId", value: projectId } }, auth))
      .binding!.id;

  const credentials: WorldCredential[] = [];
  for (const provider of options.providers ?? nonClashingProviders()) {
    const input = credentialInput(provider);
    const secret = options.secrets?.[provider] ?? input.secret;
    secrets.push(secret);
    const name = `${label}-${providers.get(provider)!.shortName}`;
    const { credential } = await credentialService.createCredential({ ...input, secret, name, provider }, auth);
    const id = credential!.id;
    credentials.push({
      id,
      name,
      provider,
      url: input.url,
      email: input.email,
      secret: await storedSecret(id),
      bindingId: await bindToProject(id),
    });
  }

  const indexOf = (provider: ProviderType) => {
    const index = credentials.findIndex((c) => c.provider === provider);
    if (index < 0) throw new Error(`the world has no ${ProviderType[provider]} credential`);
    return index;
  };
  const replace = (provider: ProviderType, change: Partial<WorldCredential>) => {
    const index = indexOf(provider);
    credentials[index] = { ...credentials[index]!, ...change };
  };
  const startSession = async ({ ttlSeconds = options.ttlSeconds }: { ttlSeconds?: number } = {}) => {
    const ttl = ttlSeconds === undefined ? {} : { ttl: { seconds: BigInt(ttlSeconds) } };
    const created = await api.sessions.createSession({ projectId, name: label, ...ttl }, auth);
    secrets.push(created.runnerToken);
    return { sessionId: created.session!.id, runnerToken: created.runnerToken };
  };
  const first = await startSession();

  return {
    api,
    userToken,
    projectId,
    ...first,
    credentials,
    secrets,
    credential: (provider) => credentials[indexOf(provider)]!,
    async rotate(provider, secret = credentialInput(provider).secret) {
      const { id } = credentials[indexOf(provider)]!;
      secrets.push(secret);
      await credentialService.updateCredential({ id, secret, updateMask: { paths: ["secret"] } }, auth);
      const stored = await storedSecret(id);
      replace(provider, { secret: stored });
      return stored;
    },
    async unbind(provider) {
      const { bindingId } = credentials[indexOf(provider)]!;
      if (bindingId === undefined) throw new Error(`${ProviderType[provider]} is not bound`);
      await bindingService.deleteBinding({ id: bindingId }, auth);
      replace(provider, { bindingId: undefined });
    },
    async bind(provider) {
      replace(provider, { bindingId: await bindToProject(credentials[indexOf(provider)]!.id) });
    },
    startSession,
    async endSession(sessionId = first.sessionId) {
      await api.sessions.endSession({ id: sessionId }, auth);
    },
  };
}

/** Fields that pass the provider's validation, with a fresh secret on every call. */
export function credentialInput(provider: ProviderType): { secret: string; url: string; email: string } {
  const spec = providers.get(provider);
  if (spec === undefined) throw new Error(`the registry has no provider ${provider}`);
  const random = randomBytes(18).toString("hex");
  const secret = {
    [SecretFormat.OPAQUE_TOKEN]: () => `acp-test-${spec.shortName}-${random}`,
    [SecretFormat.KUBECONFIG_YAML]: () => tokenKubeconfig(`sha256~${random}`),
    [SecretFormat.SERVICE_ACCOUNT_JSON]: () => serviceAccountKey(random),
  }[spec.secretFormat]();
  return {
    secret,
    url: spec.url === FieldRequirement.REQUIRED ? `https://${spec.shortName}.world.example.test` : "",
    email: spec.email === FieldRequirement.REQUIRED ? "agent@world.example.test" : "",
  };
}

/** Registry providers in enum order, each kept only if nothing it claims is claimed already. */
export function nonClashingProviders(): ProviderType[] {
  const taken = new Set<string>();
  const key = (claim: CredentialClaim) => `${claim.kind}:${claim.key}`;
  const chosen: ProviderType[] = [];
  for (const provider of providers.all()) {
    const claims = credentialClaims(provider, credentialInput(provider.type)).map(key);
    if (claims.some((claim) => taken.has(claim))) continue;
    for (const claim of claims) taken.add(claim);
    chosen.push(provider.type);
  }
  return chosen;
}

// One RSA key per process: generating it is the slow part, and tests tell
// keys apart by private_key_id, which changes on every call.
let privateKeyPem: string | undefined;

function serviceAccountKey(keyId: string): string {
  privateKeyPem ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  return JSON.stringify({
    type: "service_account",
    project_id: "acp-world",
    private_key_id: keyId,
    private_key: privateKeyPem,
    client_email: "runner@acp-world.iam.gserviceaccount.com",
    client_id: "1",
    token_uri: "https://oauth2.googleapis.com/token",
  });
}
