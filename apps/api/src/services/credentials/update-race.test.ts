// Finding 5 of issue 11: two updates that each re-validate the secret, racing,
// must not mix their halves. One withdraws the insecure opt-in, the other
// stores a kubeconfig that needs it; whichever lands second must see the
// first, so an http:// server is never stored with allow_insecure=false and
// the summary always describes the secret actually stored.
import { CredentialService, ProviderType } from "@acp/proto";
import { providers, validateCredentialInput } from "@acp/providers";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import type { CredentialId } from "../../storage/index.js";
import { tokenKubeconfig } from "../../testing/access-fixtures.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";
import { encodeSummary } from "./credential-to-proto.js";

const rounds = 100;
const deadlineMillis = 25_000;
const secure = tokenKubeconfig("race-token-1", "https://k8s.example.test:6443");
const insecure = tokenKubeconfig("race-token-2", "http://k8s.example.test:6443");

describe.each(testBackends)("racing re-validating updates on $name", (backend) => {
  const api = useTestApi(backend);

  it(`never tear a credential apart (${rounds} rounds)`, { timeout: deadlineMillis + 20_000 }, async () => {
    const alice = api.client(CredentialService, api.tokens.alice);
    const deadline = Date.now() + deadlineMillis;
    const torn: string[] = [];
    const outcomes = new Map<string, number>();
    let played = 0;
    for (; played < rounds && Date.now() < deadline; played++) {
      const { credential } = await alice.createCredential({
        name: `race-${played}`,
        provider: ProviderType.KUBECONFIG,
        secret: secure,
        allowInsecure: true,
      });
      const id = credential!.id;
      const [optOut, swap] = await Promise.allSettled([
        alice.updateCredential({ id, updateMask: create(FieldMaskSchema, { paths: ["allow_insecure"] }) }),
        alice.updateCredential({ id, updateMask: create(FieldMaskSchema, { paths: ["secret"] }), secret: insecure }),
      ]);
      const outcome = `${optOut.status}/${swap.status}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      const stored = (await api.store.credentials.get(id as CredentialId))!;
      const secret = api.box.open(stored.secret, { credentialId: stored.id, provider: stored.provider });
      // What the stored row claims must be what validating the stored secret
      // under the stored opt-in gives.
      const check = validateCredentialInput(providers.get(stored.provider), {
        secret,
        url: stored.url,
        email: stored.email,
        allowInsecure: stored.allowInsecure,
      });
      if (!check.ok) torn.push(`round ${played}: stored secret fails its own allow_insecure=${stored.allowInsecure}`);
      else if (!Buffer.from(encodeSummary(check.summary)).equals(Buffer.from(stored.summary))) {
        torn.push(`round ${played}: summary does not describe the stored secret`);
      }
    }
    expect(played).toBeGreaterThanOrEqual(Math.min(rounds, 20));
    expect({ torn: torn.length, of: played, first: torn.slice(0, 3) }).toEqual({ torn: 0, of: played, first: [] });
    // Exactly one of the two can succeed: each one's result invalidates the other.
    expect([...outcomes.keys()].filter((o) => o !== "fulfilled/rejected" && o !== "rejected/fulfilled")).toEqual([]);
  });
});
