import * as http2 from "node:http2";
import { BadRequestSchema, CredentialService, ProviderType } from "@acp/proto";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { allCredentials } from "../../testing/credential-test-fixtures.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const oneMiBPlusOne = "a".repeat(1024 * 1024 + 1);

const jira = { name: "jira", provider: ProviderType.JIRA, secret: "tok", email: "dev@example.com" };

const cases: Array<{ title: string; field: RegExp; request: Record<string, unknown> }> = [
  {
    title: "an unknown provider",
    field: /provider: unknown provider 99/,
    request: { name: "x", provider: 99, secret: "tok" },
  },
  {
    title: "provider UNSPECIFIED",
    field: /provider: must be set/,
    request: { name: "x", provider: ProviderType.UNSPECIFIED, secret: "tok" },
  },
  {
    title: "an empty name",
    field: /name: must not be empty/,
    request: { name: "", provider: ProviderType.GITHUB, secret: "tok" },
  },
  {
    title: "a secret of 1 MiB + 1 byte",
    field: /secret: .*(1048576|4096)/,
    request: { name: "big", provider: ProviderType.KUBECONFIG, secret: oneMiBPlusOne },
  },
  {
    title: "control characters in a token",
    field: /secret: /,
    request: { name: "ctl", provider: ProviderType.GITHUB, secret: "ghp_abc\u0007def" },
  },
  {
    title: "a service-account key of the wrong type",
    field: /secret: .*service_account/,
    request: { name: "sa", provider: ProviderType.GOOGLE, secret: '{"type":"user"}' },
  },
  {
    title: "a service-account key that is not JSON",
    field: /secret: .*JSON/,
    request: { name: "sa", provider: ProviderType.VERTEX, secret: '{"type": "service_account", "private_key": ' },
  },
  {
    title: "a url of 2,049 bytes",
    field: /^invalid request: url: must be at most 2048 bytes$/,
    request: { ...jira, url: `https://x.example/${"a".repeat(2049 - 18)}` },
  },
  {
    title: "a missing required url and email",
    field: /url: .*; .*email: |email: .*url: /,
    request: { name: "jira", provider: ProviderType.JIRA, secret: "tok" },
  },
];

describe.each(testBackends)("bad credential input on $name", (backend) => {
  const api = useTestApi(backend);

  const rowCount = async () => (await allCredentials(api.store)).length;

  it.each(cases)("$title gets InvalidArgument naming the field, and stores nothing", async ({ request, field }) => {
    const before = await rowCount();
    const client = api.client(CredentialService, api.tokens.alice);
    const err = await expectCode(client.createCredential(request), Code.InvalidArgument);
    expect(err.rawMessage).toMatch(field);
    expect(err.rawMessage).not.toContain("ghp_abc");
    // The detail holds the same problems one by one, in the order the message lists them.
    const [detail, ...more] = err.findDetails(BadRequestSchema);
    expect(more).toEqual([]);
    const listed = detail!.fieldViolations.map((v) => `${v.field}: ${v.description}`).join("; ");
    expect(err.rawMessage).toBe(`invalid request: ${listed}`);
    expect(await rowCount()).toBe(before);
  });

  it("refuses an update to an over-long url, keeping the stored one, and the list stays answerable", async () => {
    const client = api.client(CredentialService, api.tokens.alice);
    const url = "https://jira.example.com";
    const { credential } = await client.createCredential({ ...jira, name: "jira-long-url", url });
    const err = await expectCode(
      client.updateCredential({
        id: credential!.id,
        updateMask: { paths: ["url"] },
        url: `${url}/${"a".repeat(7_800_000)}`,
      }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toBe("invalid request: url: must be at most 2048 bytes");
    const listed = await api.client(CredentialService, api.tokens.admin).listCredentials({ allOwners: true });
    expect(listed.credentials.find((c) => c.id === credential!.id)?.url).toBe(url);
  });

  it.each([
    ["application/proto", Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])],
    ["application/json", Buffer.from('{"name": "x", "provider": ')],
    ["application/json", Buffer.from('{"name": "x", "provider": "PROVIDER_TYPE_NOPE", "secret": "t"}')],
  ])("malformed %s request bytes get InvalidArgument, and store nothing", async (contentType, body) => {
    const before = await rowCount();
    const res = await fetch(`${api.url}/acp.credentials.v1.CredentialService/CreateCredential`, {
      method: "POST",
      headers: { "Content-Type": contentType, Authorization: `Bearer ${api.tokens.alice}` },
      body,
    });
    const reply = (await res.json()) as { code: string; message: string };
    expect(reply.code).toBe("invalid_argument");
    expect(reply.message.length).toBeGreaterThan(0);
    expect(await rowCount()).toBe(before);
  });

  // A gRPC length-prefixed message whose payload is not valid protobuf.
  const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
  const envelope = Buffer.concat([Buffer.from([0, 0, 0, 0, garbage.length]), garbage]);

  it("malformed gRPC request bytes get status 3 (InvalidArgument)", async () => {
    const before = await rowCount();
    const session = http2.connect(api.url);
    const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": "/acp.credentials.v1.CredentialService/CreateCredential",
        "content-type": "application/grpc",
        te: "trailers",
        authorization: `Bearer ${api.tokens.alice}`,
      });
      let headers: http2.IncomingHttpHeaders = {};
      stream.on("response", (h) => (headers = h));
      stream.on("trailers", (t) => resolve(t));
      stream.on("end", () => resolve(headers));
      stream.on("error", reject);
      stream.resume();
      stream.end(envelope);
    });
    session.close();
    expect(trailers["grpc-status"]).toBe("3");
    expect(decodeURIComponent(String(trailers["grpc-message"]))).toMatch(/^invalid request message: /);
    expect(await rowCount()).toBe(before);
  });

  it("malformed gRPC-Web request bytes get status 3 (InvalidArgument)", async () => {
    const res = await fetch(`${api.url}/acp.credentials.v1.CredentialService/CreateCredential`, {
      method: "POST",
      headers: { "Content-Type": "application/grpc-web+proto", Authorization: `Bearer ${api.tokens.alice}` },
      body: envelope,
    });
    const body = Buffer.from(await res.arrayBuffer());
    const text = body.toString("latin1");
    expect(text).toMatch(/grpc-status: 3\r\n/);
    expect(text).toMatch(/grpc-message: invalid request message: /);
  });
});
