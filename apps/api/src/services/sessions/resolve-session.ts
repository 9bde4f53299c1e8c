import { BindingTier, ProviderType } from "@acp/proto";
import {
  type CredentialClaim,
  claimLabel,
  credentialClaims,
  type Provider,
  type ProviderRegistry,
  providers,
} from "@acp/providers";
import type { BoundCredential, CredentialRecord } from "../../storage/index.js";

export interface ExcludedCandidate {
  readonly candidate: BoundCredential;
  readonly winner: BoundCredential;
  readonly reason: string;
}

export interface SessionResolution {
  /** One credential per provider, in the order they won. */
  readonly chosen: readonly BoundCredential[];
  readonly excluded: readonly ExcludedCandidate[];
}

const tierName: Readonly<Record<BindingTier, string>> = {
  [BindingTier.UNSPECIFIED]: "unspecified",
  [BindingTier.SESSION]: "session",
  [BindingTier.AGENT]: "agent",
  [BindingTier.PROJECT]: "project",
  [BindingTier.GLOBAL]: "global",
};

/**
 * Decides which credentials a session gets. Candidates come in the order the
 * store gives them: most specific tier first, then the earliest binding. The
 * first credential of each provider wins; so does the first of two providers
 * that would write the same environment variable, file, git host or MCP
 * server (Google and Vertex both set GOOGLE_APPLICATION_CREDENTIALS), so a
 * resolved set always materializes.
 */
export function resolveSession(
  candidates: readonly BoundCredential[],
  registry: ProviderRegistry = providers,
): SessionResolution {
  const chosen: BoundCredential[] = [];
  const excluded: ExcludedCandidate[] = [];
  const claimedBy = new Map<string, BoundCredential>();
  for (const candidate of candidates) {
    const { credential } = candidate;
    const sameProvider = chosen.find((c) => c.credential.provider === credential.provider);
    if (sameProvider) {
      excluded.push({
        candidate,
        winner: sameProvider,
        reason: `${describe(sameProvider)} already provides ${providerName(credential.provider)}`,
      });
      continue;
    }
    // Stored providers are validated on create and never removed from the enum (buf breaking).
    const provider = registry.get(credential.provider);
    if (provider === undefined) continue;
    const claims = claimsOf(registry, provider, credential);
    const clash = claims.find((c) => claimedBy.has(c.id));
    if (clash) {
      const winner = claimedBy.get(clash.id)!;
      excluded.push({
        candidate,
        winner,
        reason: `${describe(winner)} already sets ${claimLabel[clash.kind]} ${clash.key}`,
      });
      continue;
    }
    chosen.push(candidate);
    for (const claim of claims) claimedBy.set(claim.id, candidate);
  }
  return { chosen, excluded };
}

interface Claim extends CredentialClaim {
  readonly id: string;
}

// What a credential claims depends only on its provider's spec, url and email,
// and every runner read resolves the same few credentials: worked out once each.
const claimCache = new WeakMap<ProviderRegistry, Map<string, readonly Claim[]>>();
const maxCachedClaims = 1_024;

function claimsOf(registry: ProviderRegistry, provider: Provider, credential: CredentialRecord): readonly Claim[] {
  let cache = claimCache.get(registry);
  if (cache === undefined) {
    cache = new Map();
    claimCache.set(registry, cache);
  }
  const key = JSON.stringify([credential.provider, credential.url, credential.email]);
  let claims = cache.get(key);
  if (claims === undefined) {
    claims = credentialClaims(provider, credential).map((c) => ({ ...c, id: `${c.kind}:${c.key}` }));
    if (cache.size >= maxCachedClaims) cache.clear();
    cache.set(key, claims);
  }
  return claims;
}

function describe({ binding, credential }: BoundCredential): string {
  return `credential "${credential.name}" (${credential.id}) bound at the ${tierName[binding.target.tier]} tier by ${binding.id}`;
}

function providerName(type: ProviderType): string {
  return providers.get(type)?.displayName ?? ProviderType[type] ?? String(type);
}
