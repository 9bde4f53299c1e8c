import {
  AuditService,
  BindingService,
  CredentialService,
  ProjectRole,
  ProjectService,
  ProviderType,
  SessionService,
  UserService,
} from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestApi, useTestApi, type Wire } from "../testing/test-api.js";
import { testBackends } from "../testing/test-databases.js";

// The same hostile requests go to an API on each backend, through the real
// transport and services; both must answer with the same code, never
// Internal, in a short message, and store nothing.

const nul = "\u0000";
const huge = "a".repeat(1024 * 1024);
const bidi = "safe\u202Eexe.txt";
const overlong = (prefix: string) => `${prefix}${"a".repeat(100_000)}`;
const sevenPointEightMB = `https://example.atlassian.net/${"a".repeat(7_800_000)}`;
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });
const at = (seconds: bigint) => create(TimestampSchema, { seconds });

/** What each case may use: one of everything, made by alice (an owner of project p1). */
interface World {
  readonly api: TestApi;
  readonly credentialId: string;
  readonly projectId: string;
  readonly sessionId: string;
  /** Real next_page_tokens of alice's credential and session lists, to be tampered with. */
  readonly pageToken: string;
  readonly sessionPageToken: string;
}

/** The token with its cursor fields replaced, still bound to the query it came from. */
function tamper(token: string, fields: Record<string, unknown>): string {
  const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...body, ...fields }), "utf8").toString("base64url");
}

type Case = readonly [title: string, call: (w: World) => Promise<unknown>];

const clients = (w: World, wire: Wire = "connect-binary") => ({
  credentials: w.api.client(CredentialService, w.api.tokens.alice, wire),
  projects: w.api.client(ProjectService, w.api.tokens.alice, wire),
  adminProjects: w.api.client(ProjectService, w.api.tokens.admin, wire),
  sessions: w.api.client(SessionService, w.api.tokens.alice, wire),
  bindings: w.api.client(BindingService, w.api.tokens.alice, wire),
  users: w.api.client(UserService, w.api.tokens.alice, wire),
  adminUsers: w.api.client(UserService, w.api.tokens.admin, wire),
  audit: w.api.client(AuditService, w.api.tokens.admin, wire),
});

const github = { provider: ProviderType.GITHUB, secret: "ghp_hostile000000000000000000000000000" };
const jira = { provider: ProviderType.JIRA, secret: "jira-token", email: "dev@example.com" };

const cases: readonly Case[] = [
  // Credentials: every string field of create and update.
  [
    "NUL in a credential description",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h1", description: `x${nul}y` }),
  ],
  [
    "a 1 MiB credential description",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h2", description: huge }),
  ],
  [
    "a bidi override in a description",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h3", description: bidi }),
  ],
  [
    "a bell in a description",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h4", description: "ding\u0007" }),
  ],
  [
    "a lone surrogate in a description",
    (w) => clients(w, "connect-json").credentials.createCredential({ ...github, name: "h5", description: "x\uD800" }),
  ],
  ["NUL in a credential name", (w) => clients(w).credentials.createCredential({ ...github, name: `a${nul}` })],
  [
    "NUL in a label value",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h6", labels: { k: `v${nul}` } }),
  ],
  [
    "NUL in a label key",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h7", labels: { [`k${nul}`]: "v" } }),
  ],
  [
    "a bidi override in a label value",
    (w) => clients(w).credentials.createCredential({ ...github, name: "h8", labels: { k: bidi } }),
  ],
  [
    "NUL in a url",
    (w) => clients(w).credentials.createCredential({ ...jira, name: "h9", url: `https://x.example/${nul}` }),
  ],
  [
    "NUL in an email",
    (w) =>
      clients(w).credentials.createCredential({
        ...jira,
        name: "h10",
        url: "https://x.example",
        email: `a${nul}@example.com`,
      }),
  ],
  [
    "a url of 2,049 bytes",
    (w) =>
      clients(w).credentials.createCredential({
        ...jira,
        name: "h11",
        url: `https://x.example/${"a".repeat(2049 - 18)}`,
      }),
  ],
  ["a url of 7.8 MB", (w) => clients(w).credentials.createCredential({ ...jira, name: "h12", url: sevenPointEightMB })],
  [
    "NUL in a credential id",
    (w) => clients(w).credentials.getCredential({ lookup: { case: "id", value: `cred_${nul}` } }),
  ],
  [
    "an overlong credential id",
    (w) => clients(w).credentials.getCredential({ lookup: { case: "id", value: overlong("cred_") } }),
  ],
  [
    "NUL in a credential name lookup",
    (w) => clients(w).credentials.getCredential({ lookup: { case: "name", value: `a${nul}` } }),
  ],
  [
    "NUL in the id of an update",
    (w) =>
      clients(w).credentials.updateCredential({ id: `cred_${nul}`, updateMask: mask("description"), description: "d" }),
  ],
  [
    "NUL in an updated description",
    (w) =>
      clients(w).credentials.updateCredential({
        id: w.credentialId,
        updateMask: mask("description"),
        description: nul,
      }),
  ],
  [
    "a duplicate update mask path",
    (w) =>
      clients(w).credentials.updateCredential({
        id: w.credentialId,
        updateMask: mask("description", "description"),
        description: "d",
      }),
  ],
  [
    "a path listed in both spellings",
    (w) =>
      clients(w).credentials.updateCredential({
        id: w.credentialId,
        updateMask: mask("allow_insecure", "allowInsecure"),
      }),
  ],
  [
    "10,000 update mask paths",
    (w) =>
      clients(w).credentials.updateCredential({
        id: w.credentialId,
        updateMask: mask(...Array(10_000).fill("description")),
        description: "d",
      }),
  ],
  [
    "NUL in an update mask path",
    (w) =>
      clients(w).credentials.updateCredential({
        id: w.credentialId,
        updateMask: mask(`description${nul}`),
        description: "d",
      }),
  ],
  [
    "an overlong update mask path",
    (w) => clients(w).credentials.updateCredential({ id: w.credentialId, updateMask: mask(huge) }),
  ],
  ["NUL in a deleted id", (w) => clients(w).credentials.deleteCredential({ id: `cred_${nul}` })],
  ["NUL in a secret-read id", (w) => clients(w).credentials.getCredentialSecret({ id: `cred_${nul}` })],
  // Page tokens: garbage, huge, and real ones whose cursor was rewritten.
  ["a page token that is not one", (w) => clients(w).credentials.listCredentials({ pageToken: "!!" })],
  ["a 1 MiB page token", (w) => clients(w).credentials.listCredentials({ pageToken: huge })],
  [
    "NUL in a page token's id",
    (w) =>
      clients(w).credentials.listCredentials({ pageSize: 1, pageToken: tamper(w.pageToken, { i: `cred_${nul}` }) }),
  ],
  [
    "a page token's id of another alphabet",
    (w) =>
      clients(w).credentials.listCredentials({ pageSize: 1, pageToken: tamper(w.pageToken, { i: "cred_\u202E" }) }),
  ],
  [
    "a page token after the end of Date",
    (w) => clients(w).credentials.listCredentials({ pageSize: 1, pageToken: tamper(w.pageToken, { t: 9e15 }) }),
  ],
  [
    "a page token before the start of Date",
    (w) => clients(w).credentials.listCredentials({ pageSize: 1, pageToken: tamper(w.pageToken, { t: -9e15 }) }),
  ],
  [
    "a page token in the year -200000",
    (w) => clients(w).credentials.listCredentials({ pageSize: 1, pageToken: tamper(w.pageToken, { t: -6.4e15 }) }),
  ],
  // Projects.
  ["NUL in a project description", (w) => clients(w).adminProjects.createProject({ name: "p2", description: nul })],
  [
    "a bidi override in a project description",
    (w) => clients(w).adminProjects.createProject({ name: "p2", description: bidi }),
  ],
  ["NUL in a project owner id", (w) => clients(w).adminProjects.createProject({ name: "p2", ownerId: `usr_${nul}` })],
  ["NUL in a project id", (w) => clients(w).projects.getProject({ id: `prj_${nul}` })],
  ["NUL in a project name reference", (w) => clients(w).projects.getProject({ id: `p1${nul}` })],
  ["an overlong project reference", (w) => clients(w).projects.getProject({ id: overlong("p") })],
  [
    "NUL in a member's user id",
    (w) =>
      clients(w).projects.addProjectMember({ projectId: w.projectId, userId: `usr_${nul}`, role: ProjectRole.VIEWER }),
  ],
  ["NUL in a listed project id", (w) => clients(w).projects.listProjectMembers({ projectId: `prj_${nul}` })],
  ["an overlong listed project id", (w) => clients(w).projects.listProjectMembers({ projectId: overlong("prj_") })],
  // Sessions.
  ["NUL in a session name", (w) => clients(w).sessions.createSession({ projectId: w.projectId, name: `s${nul}` })],
  ["NUL in an agent name", (w) => clients(w).sessions.createSession({ projectId: w.projectId, agent: `a${nul}` })],
  ["NUL in a session's project id", (w) => clients(w).sessions.createSession({ projectId: `prj_${nul}` })],
  ["NUL in a session id", (w) => clients(w).sessions.getSession({ id: `ses_${nul}` })],
  ["NUL in an ended session id", (w) => clients(w).sessions.endSession({ id: `ses_${nul}` })],
  [
    "a session page token after the end of Date",
    (w) => clients(w).sessions.listSessions({ pageSize: 1, pageToken: tamper(w.sessionPageToken, { t: 9e15 }) }),
  ],
  // Bindings.
  [
    "NUL in a bound credential id",
    (w) =>
      clients(w).bindings.createBinding({
        credentialId: `cred_${nul}`,
        target: { case: "projectId", value: w.projectId },
      }),
  ],
  [
    "NUL in a bound session id",
    (w) =>
      clients(w).bindings.createBinding({
        credentialId: w.credentialId,
        target: { case: "sessionId", value: `ses_${nul}` },
      }),
  ],
  [
    "NUL in a bound agent",
    (w) =>
      clients(w).bindings.createBinding({
        credentialId: w.credentialId,
        target: { case: "agent", value: { projectId: w.projectId, agent: `a${nul}` } },
      }),
  ],
  ["NUL in a binding filter's session id", (w) => clients(w).bindings.listBindings({ sessionId: `ses_${nul}` })],
  ["NUL in a deleted binding id", (w) => clients(w).bindings.deleteBinding({ id: `bnd_${nul}` })],
  // Users and tokens.
  ["NUL in a user name", (w) => clients(w).adminUsers.createUser({ name: `u${nul}` })],
  ["NUL in a token description", (w) => clients(w).users.createApiToken({ description: `t${nul}` })],
  ["a bidi override in a token description", (w) => clients(w).users.createApiToken({ description: bidi })],
  ["a 1 MiB token description", (w) => clients(w).users.createApiToken({ description: huge })],
  ["NUL in a token owner id", (w) => clients(w).adminUsers.listApiTokens({ userId: `usr_${nul}` })],
  ["NUL in a revoked token id", (w) => clients(w).users.revokeApiToken({ id: `tok_${nul}` })],
  // Audit.
  ["NUL in an audit credential filter", (w) => clients(w).audit.listAuditEvents({ credentialId: `cred_${nul}` })],
  ["NUL in an audit principal filter", (w) => clients(w).audit.listAuditEvents({ principal: `usr_${nul}` })],
  ["an audit start time after the end of Date", (w) => clients(w).audit.listAuditEvents({ startTime: at(10n ** 15n) })],
  [
    "an audit end time in the year -200000",
    (w) => clients(w).audit.listAuditEvents({ endTime: at(-64n * 10n ** 11n) }),
  ],
  ["NUL in a value to hash", (w) => clients(w).audit.hashAuditValue({ value: `v${nul}` })],
];

/** Everything a request could have written, as one comparable value. */
async function snapshot({ store }: TestApi): Promise<string> {
  const users = await store.users.list();
  const tokens = await Promise.all(users.map((u) => store.tokens.list(u.id)));
  const credentials = await store.credentials.list({
    owner: { all: true },
    provider: { all: true },
    after: undefined,
    limit: 1000,
  });
  const projects = await store.projects.list({ member: { all: true }, after: undefined, limit: 1000 });
  const members = await Promise.all(projects.map((p) => store.projects.listMembers(p.id)));
  const sessions = await store.sessions.list({
    project: { all: true },
    member: { all: true },
    after: undefined,
    limit: 1000,
  });
  const bindings = await store.bindings.list({
    credential: { all: true },
    scope: { all: true },
    after: undefined,
    limit: 1000,
  });
  return JSON.stringify({ users, tokens, credentials, projects, members, sessions, bindings }, (_k, v: unknown) =>
    typeof v === "bigint" ? String(v) : v,
  );
}

async function makeWorld(api: TestApi): Promise<World> {
  const credentials = api.client(CredentialService, api.tokens.alice);
  const { credential } = await credentials.createCredential({ ...github, name: "c1" });
  await credentials.createCredential({ ...github, name: "c2" });
  const { nextPageToken } = await credentials.listCredentials({ pageSize: 1 });
  const projects = api.client(ProjectService, api.tokens.admin);
  const { project } = await projects.createProject({ name: "p1", ownerId: api.userIds.alice });
  const sessions = api.client(SessionService, api.tokens.alice);
  const { session } = await sessions.createSession({ projectId: project!.id, name: "s1" });
  await sessions.createSession({ projectId: project!.id, name: "s2" });
  const sessionPage = await sessions.listSessions({ pageSize: 1 });
  return {
    api,
    credentialId: credential!.id,
    projectId: project!.id,
    sessionId: session!.id,
    pageToken: nextPageToken,
    sessionPageToken: sessionPage.nextPageToken,
  };
}

interface Answer {
  readonly code: string;
  readonly message: string;
}

async function answer(call: Promise<unknown>): Promise<Answer> {
  try {
    await call;
    return { code: "ok", message: "" };
  } catch (error) {
    const err = ConnectError.from(error);
    return { code: Code[err.code], message: err.rawMessage };
  }
}

describe("one store, one answer: hostile requests on SQLite and PostgreSQL", () => {
  const [sqlite, postgres] = testBackends;
  const apis = [useTestApi(sqlite!), useTestApi(postgres!)] as const;
  const worlds: World[] = [];
  const before: string[] = [];

  beforeAll(async () => {
    for (const api of apis) {
      worlds.push(await makeWorld(api));
      before.push(await snapshot(api));
    }
  });

  it.each(cases)("%s: the same code on both, InvalidArgument or NotFound, in a short message", async (_title, call) => {
    const answers: Answer[] = [];
    for (const world of worlds) answers.push(await answer(call(world)));
    const [onSqlite, onPostgres] = answers;
    expect(onPostgres!.code, `SQLite: ${onSqlite!.code}, PostgreSQL: ${onPostgres!.code}`).toBe(onSqlite!.code);
    expect(["InvalidArgument", "NotFound"], onSqlite!.message.slice(0, 200)).toContain(onSqlite!.code);
    for (const { message } of answers) expect(message.length).toBeLessThanOrEqual(400);
  });

  it("stored nothing on either backend", async () => {
    for (const [i, api] of apis.entries()) expect(await snapshot(api)).toBe(before[i]);
  });
});
