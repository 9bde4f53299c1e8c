import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBadCases, loadGoodCases, maxSecretBytes } from "@acp/kubeconfig/test-corpus";
import {
  CreateCredentialRequestSchema,
  CredentialSchema,
  CredentialService,
  Health,
  KubeconfigAuthKind,
  ProviderType,
  HealthCheckResponse_ServingStatus as Status,
} from "@acp/proto";
import { create, toBinary, toJsonString } from "@bufbuild/protobuf";
import { FieldMaskSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCredentials } from "../../testing/credential-test-fixtures.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const bad = loadBadCases();
const good = loadGoodCases();
const utf8 = new TextDecoder("utf-8", { fatal: true });
const asText = (bytes: Uint8Array): string | undefined => {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
};
// Values of secret-bearing keys in a minified kubeconfig, to prove they never leave through get or list.
const secretValues = (minified: string) =>
  [...minified.matchAll(/^\s*(?:token|client-key-data|client-certificate-data): *"?([^"\n]+)"?$/gm)].map((m) => m[1]!);

describe.each(testBackends)("kubeconfig corpus through the API on $name", (backend) => {
  const api = useTestApi(backend);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-kubeconfig-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const alice = () => api.client(CredentialService, api.tokens.alice);
  const rowCount = async () => (await allCredentials(api.store)).length;

  it("has the corpus the issue asks for", () => {
    expect(bad.length).toBeGreaterThanOrEqual(30);
    expect(good.length).toBeGreaterThanOrEqual(5);
  });

  it.each(bad.map((c) => [c.name, c] as const))(
    "refuses %s with its expected paths and stores nothing",
    async (_name, c) => {
      const before = await rowCount();
      const text = asText(c.bytes);
      if (text === undefined) {
        // A proto string must be UTF-8, so such bytes can only arrive as raw protobuf; they are refused at parse.
        const request = toBinary(
          CreateCredentialRequestSchema,
          create(CreateCredentialRequestSchema, { name: "raw", provider: ProviderType.KUBECONFIG }),
        );
        const secretField = Buffer.concat([Buffer.from([0x1a]), varint(c.bytes.length), c.bytes]);
        const res = await fetch(`${api.url}/acp.credentials.v1.CredentialService/CreateCredential`, {
          method: "POST",
          headers: { "Content-Type": "application/proto", Authorization: `Bearer ${api.tokens.alice}` },
          body: Buffer.concat([request, secretField]),
        });
        expect(((await res.json()) as { code: string }).code).toBe("invalid_argument");
      } else {
        const err = await expectCode(
          alice().createCredential({
            name: `bad-${c.name}`.slice(0, 63),
            provider: ProviderType.KUBECONFIG,
            secret: text,
            allowInsecure: c.options.allowInsecure,
          }),
          Code.InvalidArgument,
        );
        if (c.bytes.length > maxSecretBytes) {
          // The request's field limit answers before any parser sees the bytes.
          expect(err.rawMessage).toBe("invalid request: secret: must be at most 1048576 bytes");
        } else if (text.trim() === "") {
          expect(err.rawMessage).toBe("invalid request: secret: secret is empty");
        } else {
          // Every problem is "secret: <path>: <why>"; one path may carry several problems.
          const entries = err.rawMessage
            .replace(/^invalid request: /, "")
            .split(/(?:^|; )secret: /)
            .filter(Boolean);
          const paths = new Set(entries.map((entry) => entry.slice(0, entry.indexOf(": "))));
          expect(paths).toEqual(new Set(c.expectedPaths));
        }
      }
      expect(await rowCount()).toBe(before);
    },
  );

  it("stays up after every refusal", async () => {
    expect((await api.client(Health, undefined).check({})).status).toBe(Status.SERVING);
  });

  it.each(good.map((c) => [c.name, c] as const))(
    "stores %s minified, kubectl reads it, and get/list show only its summary",
    async (name, c) => {
      const created = await alice().createCredential({
        name: `good-${name}`,
        provider: ProviderType.KUBECONFIG,
        secret: utf8.decode(c.bytes),
        allowInsecure: c.options.allowInsecure,
      });
      const id = created.credential!.id;

      const secret = await alice().getCredentialSecret({ id });
      expect(secret.secret).toBe(c.minified);
      const file = join(dir, `${name}.kubeconfig`);
      await writeFile(file, secret.secret, { mode: 0o600 });
      const viewed = execFileSync("kubectl", ["--kubeconfig", file, "config", "view", "--raw", "-o", "json"], {
        encoding: "utf8",
      });
      expect((JSON.parse(viewed) as { "current-context": string })["current-context"]).toBe(c.summary.contextName);

      const got = (await alice().getCredential({ lookup: { case: "id", value: id } })).credential!;
      const listed = (
        await alice().listCredentials({ provider: ProviderType.KUBECONFIG, pageSize: 1000 })
      ).credentials.find((x) => x.id === id)!;
      for (const credential of [got, listed]) {
        expect(credential.summary.case).toBe("kubeconfig");
        const s = credential.summary.value!;
        expect({
          server: s.server,
          clusterName: s.clusterName,
          contextName: s.contextName,
          userName: s.userName,
          namespace: s.namespace,
          authKind: s.authKind === KubeconfigAuthKind.TOKEN ? "token" : "client-certificate",
          caSha256Fingerprint: s.caSha256Fingerprint,
          openshiftToken: s.openshiftToken,
          notes: s.notes,
          insecureSkipTlsVerify: s.insecureSkipTlsVerify,
          proxyUrl: s.proxyUrl,
          clientCertificateNotAfter: s.clientCertificateExpireTime && timestampDate(s.clientCertificateExpireTime),
          tokenExpiry: s.tokenExpireTime && timestampDate(s.tokenExpireTime),
        }).toEqual(c.summary);
        const json = toJsonString(CredentialSchema, credential);
        for (const value of secretValues(c.minified)) expect(json).not.toContain(value);
      }
    },
  );

  it("re-validates the stored kubeconfig when its insecure opt-in is withdrawn", async () => {
    const insecure = good.find((c) => c.options.allowInsecure)!;
    const { credential } = await alice().createCredential({
      name: "opt-in",
      provider: ProviderType.KUBECONFIG,
      secret: utf8.decode(insecure.bytes),
      allowInsecure: true,
    });
    const err = await expectCode(
      alice().updateCredential({
        id: credential!.id,
        updateMask: create(FieldMaskSchema, { paths: ["allow_insecure"] }),
        allowInsecure: false,
      }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/secret: clusters\[0\]\.cluster\./);
    expect(
      (await alice().getCredential({ lookup: { case: "id", value: credential!.id } })).credential?.allowInsecure,
    ).toBe(true);
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
