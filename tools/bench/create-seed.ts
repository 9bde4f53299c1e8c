// Seeds the credentials table with CreateCredential calls, and times them:
// the create throughput of the report. The calls are spread evenly over
// every acp target × protocol; the one credential the bench reads is created
// in the middle, so it is neither the first row nor the last. The rows are
// counted afterwards: every call that answered OK must have stored one.
import { randomBytes } from "node:crypto";
import { type CredentialService, ProviderType } from "@acp/proto";
import type { Client } from "@connectrpc/connect";
import type { Measurement } from "./bench-report.js";
import { runCreates } from "./create-load.js";
import { summarize } from "./load-summary.js";
import type { Target } from "./measure-rounds.js";
import { processTreeCpuMs } from "./process-tree.js";
import type { WireProtocol } from "./wire-protocols.js";

export interface CreateSeedOptions {
  readonly targets: readonly Target[];
  readonly protocols: readonly WireProtocol[];
  readonly authorization: string;
  /** Rows to create in the timed runs, spread evenly over targets × protocols. */
  readonly count: number;
  readonly streams: number;
  /** Untimed creates per serving process of each target × protocol, before its timed run. */
  readonly warmup: number;
}

export interface CreateSeed {
  readonly chosen: { readonly id: string; readonly secret: string };
  readonly rows: number;
  readonly seconds: number;
  readonly measurements: readonly Measurement[];
}

/** GitLab: the session's project binds only one, so the rows created here are counted apart. */
const provider = ProviderType.GITLAB;
export const createScenarioName = "CreateCredential";

export async function seedByCreates(
  admin: Client<typeof CredentialService>,
  options: CreateSeedOptions,
): Promise<CreateSeed> {
  const start = performance.now();
  const before = await countCreated(admin);
  // One token for every seeded row: a read decrypts one row, whatever the others hold.
  const secret = gitlabToken();
  let serial = 0;
  const credential = () => ({ name: `bench-${String(serial++).padStart(8, "0")}`, secret, provider });
  const parts = options.targets.flatMap((target) => options.protocols.map((protocol) => ({ target, protocol })));
  const share = Math.max(1, Math.floor(options.count / parts.length));
  const measurements: Measurement[] = [];
  let chosen: CreateSeed["chosen"] | undefined;
  let expected = 0;
  for (const [i, { target, protocol }] of parts.entries()) {
    if (i === Math.floor(parts.length / 2)) chosen = await createChosen(admin);
    const connections = Math.min(target.connections, options.streams);
    const load = (count: number) =>
      runCreates({
        url: target.server.url,
        protocol,
        authorization: options.authorization,
        count,
        streams: options.streams,
        connections,
        credential,
      });
    if (options.warmup > 0) expected += (await load(options.warmup * target.processes)).succeeded;
    const pid = target.server.child.pid!;
    const cpuBefore = processTreeCpuMs(pid);
    const run = await load(share);
    const cpuAfter = processTreeCpuMs(pid);
    if (run.succeeded !== run.done)
      throw new Error(
        `${target.name}, ${protocol.name}, CreateCredential: ${run.done - run.succeeded} of ${run.done} calls failed`,
      );
    expected += run.succeeded;
    const serverCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    measurements.push({
      target: target.name,
      scenario: createScenarioName,
      protocol: protocol.name,
      streams: options.streams,
      connections,
      summary: summarize([{ run, serverCpuMs }]),
    });
  }
  chosen ??= await createChosen(admin);
  const created = (await countCreated(admin)) - before - 1;
  if (created !== expected)
    throw new Error(`CreateCredential: ${expected} calls answered OK but ${created} rows were stored`);
  return { chosen, rows: created + 1, seconds: (performance.now() - start) / 1000, measurements };
}

async function createChosen(admin: Client<typeof CredentialService>): Promise<CreateSeed["chosen"]> {
  const secret = gitlabToken();
  const { credential } = await admin.createCredential({ name: "bench-read", provider, secret });
  if (!credential?.id) throw new Error("CreateCredential answered without a credential id");
  return { id: credential.id, secret };
}

/** glpat- and 20 more characters, as a GitLab personal access token. */
function gitlabToken(): string {
  return `glpat-${randomBytes(15).toString("base64url")}`;
}

/** Credentials of the seeded provider, every owner's, page by page. */
async function countCreated(admin: Client<typeof CredentialService>): Promise<number> {
  let count = 0;
  let pageToken = "";
  do {
    const page = await admin.listCredentials({ provider, pageSize: 1000, pageToken, allOwners: true });
    count += page.credentials.length;
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return count;
}
