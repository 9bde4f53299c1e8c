import { CredentialService, ProviderType } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { useTestApi, type Wire } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const known = "ghp_KNOWNSECRETvalue0123456789abcdefXYZ";
const rotated = "ghp_ROTATEDSECRETvalue0123456789abcdXYZ";

describe.each(testBackends)("secrets never reach a log line on $name", (backend) => {
  const api = useTestApi(backend);

  it.each<Wire>(["connect-json", "connect-binary", "connect-h2", "grpc", "grpc-web"])(
    "through every credential RPC over %s",
    async (wire) => {
      const alice = api.client(CredentialService, api.tokens.alice, wire);
      const bob = api.client(CredentialService, api.tokens.bob, wire);
      const failures: string[] = [];
      const attempt = async (call: Promise<unknown>) => {
        try {
          return await call;
        } catch (err) {
          failures.push(ConnectError.from(err).rawMessage);
          return undefined;
        }
      };
      const name = `logged-${wire}`;
      const { credential } = await alice.createCredential({ name, provider: ProviderType.GITHUB, secret: known });
      const id = credential!.id;
      await alice.getCredential({ lookup: { case: "id", value: id } });
      await alice.listCredentials({});
      expect((await alice.getCredentialSecret({ id })).secret).toBe(known);
      await alice.updateCredential({ id, updateMask: create(FieldMaskSchema, { paths: ["secret"] }), secret: rotated });
      // Failing paths too: errors are where secrets usually leak.
      await attempt(alice.createCredential({ name, provider: ProviderType.GITHUB, secret: known }));
      await attempt(
        alice.createCredential({ name: "bad-ctl", provider: ProviderType.GITHUB, secret: `${known}\u0001` }),
      );
      await attempt(
        alice.createCredential({
          name: "bad-sa",
          provider: ProviderType.GOOGLE,
          secret: `{"type":"service_account","private_key":"${known}"}`,
        }),
      );
      await attempt(
        alice.createCredential({
          name: "bad-url",
          provider: ProviderType.GITLAB,
          secret: known,
          url: `ftp://${known}`,
        }),
      );
      await attempt(bob.getCredentialSecret({ id }));
      await attempt(
        bob.updateCredential({ id, updateMask: create(FieldMaskSchema, { paths: ["secret"] }), secret: known }),
      );
      await alice.deleteCredential({ id });

      expect(failures.length).toBe(6);
      expect(api.logs.length).toBeGreaterThan(10);
      for (const text of [...api.logs, ...failures]) {
        expect(text).not.toContain(known);
        expect(text).not.toContain(rotated);
        expect(text).not.toContain("KNOWNSECRET");
      }
      const allowed = new Set(["time", "level", "msg", "method", "protocol", "code", "duration_ms", "principal"]);
      for (const line of api.logs) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === "rpc") expect(Object.keys(entry).filter((k) => !allowed.has(k))).toEqual([]);
      }
    },
  );
});
