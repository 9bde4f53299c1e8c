import { AuditActionSchema, type AuditEvent, AuditService, ListAuditEventsResponseSchema } from "@acp/proto";
import type { ProviderRegistry } from "@acp/providers";
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { readAll, UsageError } from "../io/index.js";
import { messageJson, type OutputFormat, renderTable, utcTime } from "../output/index.js";
import { providerLabel } from "./credential-output.js";
import { credentialIdPrefix, findCredential } from "./credential-ref.js";
import { enumLabel } from "./enum-label.js";
import type { GlobalOptions } from "./global-options.js";
import { addLimitOption, collectPages, limitOf } from "./list-pages.js";
import type { Noun } from "./noun.js";
import { withApi } from "./open-api.js";
import { addOutputOption, outputOf, printResult } from "./output-option.js";
import { parseTimeBound, resolveTimeBound, type TimeBound } from "./time-flags.js";
import { addVerb, type Verb } from "./verb.js";

export interface AuditListOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  /** A credential id, or the name of one of the caller's own credentials. */
  readonly credential: string | undefined;
  readonly session: string;
  readonly principal: string;
  readonly since: TimeBound | undefined;
  readonly until: TimeBound | undefined;
  readonly hmac: string;
  readonly limit: number | undefined;
}

export const auditList: Verb<AuditListOptions> = {
  spec: "list",
  summary: "list audit events, oldest first: every secret read and change (admins; owners see their credentials')",
  configure(command) {
    command
      .option("--credential <credential>", "events of this credential (id, or the name of one of yours)")
      .option("--session <id>", "events of this session")
      .option("--principal <id>", "events by this user (usr_…) or session's runner (ses_…)")
      .option("--since <when>", "from this long ago (30m, 1h, 7d) or this time (RFC 3339)")
      .option("--until <when>", "up to this long ago or this time")
      .option("--hmac <hex>", "reads that returned the value with this HMAC (see `acpctl audit hash`)");
    addLimitOption(command, "events");
    addOutputOption(command);
  },
  parse({ opts, globals }) {
    const text = (key: string) => (opts[key] as string | undefined) ?? "";
    const bound = (key: string, flag: string) => {
      const value = opts[key] as string | undefined;
      return value === undefined ? undefined : parseTimeBound(value, flag);
    };
    return {
      globals,
      output: outputOf(opts),
      credential: opts["credential"] as string | undefined,
      session: text("session"),
      principal: text("principal"),
      since: bound("since", "--since"),
      until: bound("until", "--until"),
      hmac: text("hmac"),
      limit: limitOf(opts),
    };
  },
  async run(options, io) {
    const now = io.now();
    const time = (bound: TimeBound | undefined) => bound && timestampFromDate(resolveTimeBound(bound, now));
    const events = await withApi(io, options.globals, async (api) => {
      // The trail filters by id; a name is one of the caller's own credentials.
      const ref = options.credential;
      const credentialId =
        ref === undefined || ref.startsWith(credentialIdPrefix) ? (ref ?? "") : (await findCredential(api, ref)).id;
      const filters = {
        credentialId,
        sessionId: options.session,
        principal: options.principal,
        startTime: time(options.since),
        endTime: time(options.until),
        valueHmac: options.hmac,
      };
      return collectPages(async (pageSize, pageToken) => {
        const page = await api.client(AuditService).listAuditEvents({ ...filters, pageSize, pageToken });
        return { items: page.events, nextPageToken: page.nextPageToken };
      }, options.limit);
    });
    if (options.output === "table" && events.length === 0) {
      io.stderr.write("No audit events found.\n");
      return 0;
    }
    printResult(io, options.output, {
      table: () => auditTable(events, io.registry),
      data: () => messageJson(ListAuditEventsResponseSchema, create(ListAuditEventsResponseSchema, { events })),
    });
    return 0;
  },
};

export interface AuditHashOptions {
  readonly globals: GlobalOptions;
}

export const auditHash: Verb<AuditHashOptions> = {
  spec: "hash",
  summary: "print the HMAC the trail holds for a value read from stdin, to find its reads with --hmac (admins)",
  configure(command) {
    command.addHelpText(
      "after",
      '\nThe value is read from stdin, byte for byte, never from the command line:\n  printf %s "$LEAKED" | acpctl audit hash\n',
    );
  },
  parse: ({ globals }) => ({ globals }),
  async run(options, io) {
    const value = io.stdinIsTty
      ? await io.prompt.hidden("value to hash (input hidden): ")
      : (await readAll(io.stdin)).toString("utf8");
    if (value === "") throw new UsageError("nothing to hash: pipe the value to stdin");
    if (value.endsWith("\n")) {
      io.stderr.write("warning: the value ends with a newline, which is hashed too; pipe it with printf %s\n");
    }
    const { valueHmac } = await withApi(io, options.globals, (api) =>
      api.client(AuditService).hashAuditValue({ value }),
    );
    io.stdout.write(`${valueHmac}\n`);
    return 0;
  },
};

/** `acpctl audit list|hash`. */
export const auditNoun: Noun = {
  register(program, io, outcome) {
    const noun = program.command("audit").description("the audit trail: who read which secret, and every change");
    addVerb(noun, auditList, io, outcome);
    addVerb(noun, auditHash, io, outcome);
  },
};

function principalOf(event: AuditEvent): string {
  return event.principal.case === undefined ? "-" : event.principal.value;
}

function auditTable(events: readonly AuditEvent[], registry: ProviderRegistry): string {
  return renderTable(
    ["TIME", "ACTION", "PRINCIPAL", "CREDENTIAL", "PROVIDER", "OUTCOME", "PEER"],
    events.map((event) => [
      utcTime(event.time && timestampDate(event.time)),
      enumLabel(AuditActionSchema, event.action),
      principalOf(event),
      event.credentialId || "-",
      event.provider === 0 ? "-" : providerLabel(registry, event.provider),
      event.outcome,
      event.peer || "-",
    ]),
  );
}
