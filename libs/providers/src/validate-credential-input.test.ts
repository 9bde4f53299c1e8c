import { generateKeyPairSync } from "node:crypto";
import * as kubeconfigLibrary from "@acp/kubeconfig";
import { KubeconfigAuthKind, KubeconfigSummarySchema, ProviderType } from "@acp/proto";
import { isMessage } from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import type { FieldViolation } from "./field-violation.js";
import type { Provider } from "./provider.js";
import { providers } from "./providers.js";
import { type CredentialValidation, type SecretFields, validateCredentialInput } from "./validate-credential-input.js";

// Wraps the real parser so a test can prove it was never reached.
vi.mock("@acp/kubeconfig", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@acp/kubeconfig")>();
  return { ...actual, validateKubeconfig: vi.fn(actual.validateKubeconfig) };
});

const mib = 1024 * 1024;
const token = "glpat-S3cr3tT0k3nValue";

function provider(type: ProviderType): Provider {
  const found = providers.get(type);
  if (found === undefined) throw new Error(`no provider ${type}`);
  return found;
}

function input(fields: Partial<SecretFields>): SecretFields {
  return { secret: token, url: "", email: "", allowInsecure: false, ...fields };
}

/** Validates, and checks that no violation repeats a secret value used in these tests. */
function check(type: ProviderType, fields: Partial<SecretFields>): CredentialValidation {
  const result = validateCredentialInput(provider(type), input(fields));
  if (!result.ok) {
    for (const { description } of result.violations) {
      for (const value of sensitive) expect(description).not.toContain(value);
    }
  }
  return result;
}

function violations(type: ProviderType, fields: Partial<SecretFields>): readonly FieldViolation[] {
  const result = check(type, fields);
  if (result.ok) throw new Error("expected violations");
  return result.violations;
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const serviceAccount = JSON.stringify({
  type: "service_account",
  project_id: "p",
  private_key: pem,
  client_email: "sa@p.iam.gserviceaccount.com",
});
const kubeToken = "sha256~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg";
const sensitive = ["S3cr3t", "AbCdEfGhIjKl", pem.split("\n")[1]?.slice(0, 24) ?? "-"];

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: dev-cluster
  cluster:
    server: https://api.dev.example.com:6443
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: dev-user
    namespace: team-a
current-context: dev
users:
- name: dev-user
  user:
    token: ${kubeToken}
`;

describe("validateCredentialInput", () => {
  it("reports an unknown provider and nothing else", () => {
    expect(validateCredentialInput(undefined, input({ secret: "" }))).toEqual({
      ok: false,
      violations: [{ field: "provider", description: "provider must be one of the known providers" }],
    });
  });

  describe("opaque tokens", () => {
    it("accepts a token, dropping one trailing newline, with no summary", () => {
      expect(check(ProviderType.GITLAB, { secret: `${token}\n`, url: "https://gitlab.example.com" })).toEqual({
        ok: true,
        secret: token,
        summary: { case: undefined },
      });
    });

    it("rejects control characters, naming the class and position only", () => {
      expect(violations(ProviderType.GITHUB, { secret: `${token.slice(0, 5)}\u0007${token.slice(5)}` })).toEqual([
        {
          field: "secret",
          description:
            "secret must be a single token without whitespace or control characters, but contains a " +
            "control character at character 6",
        },
      ]);
    });

    it.each([[""], ["\n"], ["  \t"]])("rejects the empty secret %j", (secret) => {
      expect(violations(ProviderType.GITHUB, { secret })).toEqual([
        { field: "secret", description: "secret is empty" },
      ]);
    });

    it("counts the limit in UTF-8 bytes, not characters", () => {
      expect(violations(ProviderType.GITHUB, { secret: "é".repeat(2049) })).toEqual([
        {
          field: "secret",
          description: "secret is 4098 bytes; GitHub secrets may be at most 4096 bytes",
        },
      ]);
      expect(check(ProviderType.GITHUB, { secret: "a".repeat(4096) }).ok).toBe(true);
    });
  });

  describe("url and email requirements", () => {
    it("requires url and email where the provider needs them", () => {
      expect(violations(ProviderType.JIRA, {})).toEqual([
        { field: "url", description: "url is required for Jira credentials" },
        { field: "email", description: "email is required for Jira credentials" },
      ]);
    });

    it("accepts a complete Jira credential", () => {
      const result = check(ProviderType.JIRA, { url: "https://example.atlassian.net", email: "dev@example.com" });
      expect(result).toEqual({ ok: true, secret: token, summary: { case: undefined } });
    });

    it("checks the formats of url and email", () => {
      expect(violations(ProviderType.JIRA, { url: "http://example.atlassian.net", email: "dev" })).toEqual([
        { field: "url", description: "url must be an https:// URL" },
        { field: "email", description: "email must look like name@example.com" },
      ]);
    });

    it("rejects fields the provider does not use", () => {
      expect(violations(ProviderType.GITHUB, { email: "dev@example.com" })).toEqual([
        { field: "email", description: "email must be empty: GitHub credentials do not use it" },
      ]);
      expect(violations(ProviderType.GOOGLE, { secret: serviceAccount, url: "https://example.com" })).toEqual([
        { field: "url", description: "url must be empty: Google Cloud credentials do not use it" },
      ]);
    });

    it("returns field and secret violations together", () => {
      expect(violations(ProviderType.JIRA, { secret: `${token} ${token}` }).map((v) => v.field)).toEqual([
        "url",
        "email",
        "secret",
      ]);
    });
  });

  describe("service-account JSON", () => {
    it("accepts a key file as given", () => {
      expect(check(ProviderType.VERTEX, { secret: serviceAccount })).toEqual({
        ok: true,
        secret: serviceAccount,
        summary: { case: undefined },
      });
    });

    it("rejects a file that is not a service-account key", () => {
      expect(violations(ProviderType.GOOGLE, { secret: '{"type": "authorized_user", "client_id": "x"}' })).toEqual([
        { field: "secret", description: 'secret is not a service-account key: its "type" must be "service_account"' },
        {
          field: "secret",
          description: 'secret has no "client_email"; a service-account key carries the account\'s email',
        },
        { field: "secret", description: 'secret has no "private_key"' },
      ]);
    });

    it("rejects invalid JSON", () => {
      const [violation] = violations(ProviderType.GOOGLE, { secret: "{not json: S3cr3tValue}" });
      expect(violation?.field).toBe("secret");
      expect(violation?.description).toMatch(/^secret is not valid JSON/);
    });
  });

  describe("kubeconfig", () => {
    it("rejects 1 MiB + 1 byte before the parser sees it", () => {
      vi.mocked(kubeconfigLibrary.validateKubeconfig).mockClear();
      const secret = kubeconfig + "#".repeat(mib + 1 - kubeconfig.length);
      expect(violations(ProviderType.KUBECONFIG, { secret })).toEqual([
        {
          field: "secret",
          description: `secret is ${mib + 1} bytes; Kubernetes / OpenShift secrets may be at most ${mib} bytes`,
        },
      ]);
      expect(kubeconfigLibrary.validateKubeconfig).not.toHaveBeenCalled();
    });

    it("stores the minified kubeconfig and returns its summary as the proto message", () => {
      vi.mocked(kubeconfigLibrary.validateKubeconfig).mockClear();
      const result = check(ProviderType.KUBECONFIG, { secret: kubeconfig });
      expect(kubeconfigLibrary.validateKubeconfig).toHaveBeenCalledWith(kubeconfig, {
        maxBytes: mib,
        allowInsecure: false,
      });
      const direct = kubeconfigLibrary.validateKubeconfig(kubeconfig, { maxBytes: mib, allowInsecure: false });
      if (!result.ok || !direct.ok) throw new Error(`expected acceptance: ${JSON.stringify(result)}`);
      expect(result.secret).toBe(direct.minified);
      expect(result.summary.case).toBe("kubeconfig");
      const summary = result.summary.value;
      expect(isMessage(summary, KubeconfigSummarySchema)).toBe(true);
      expect(summary).toMatchObject({
        server: "https://api.dev.example.com:6443",
        clusterName: "dev-cluster",
        contextName: "dev",
        userName: "dev-user",
        namespace: "team-a",
        authKind: KubeconfigAuthKind.TOKEN,
        openshiftToken: true,
        insecureSkipTlsVerify: false,
      });
    });

    it("returns every parser problem as a secret violation prefixed with its path", () => {
      const secret = kubeconfig
        .replace(
          `    token: ${kubeToken}\n`,
          "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: get-token\n",
        )
        .replace("https://api.dev.example.com:6443", "http://api.dev.example.com:6443");
      const direct = kubeconfigLibrary.validateKubeconfig(secret, { maxBytes: mib, allowInsecure: false });
      if (direct.ok) throw new Error("expected the parser to reject the kubeconfig");
      expect(direct.problems.length).toBeGreaterThan(1);
      const found = violations(ProviderType.KUBECONFIG, { secret });
      expect(found).toEqual(
        direct.problems.map((p) => ({
          field: "secret",
          description: p.path === "" ? p.message : `${p.path}: ${p.message}`,
        })),
      );
      expect(found.some((v) => v.description.startsWith("users[0].user.exec: "))).toBe(true);
    });

    it("passes allowInsecure through to the parser", () => {
      const secret = kubeconfig.replace(
        "    server: https://api.dev.example.com:6443\n",
        "    server: https://api.dev.example.com:6443\n    insecure-skip-tls-verify: true\n",
      );
      expect(check(ProviderType.KUBECONFIG, { secret }).ok).toBe(false);
      const allowed = check(ProviderType.KUBECONFIG, { secret, allowInsecure: true });
      expect(allowed.ok && allowed.summary.value?.insecureSkipTlsVerify).toBe(true);
    });
  });
});
