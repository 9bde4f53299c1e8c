import {
  type Binding,
  BindingSchema,
  BindingService,
  BindingTierSchema,
  type CreateBindingRequestSchema,
  ListBindingsResponseSchema,
} from "@acp/proto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { UsageError } from "../io/index.js";
import { age, messageJson, type OutputFormat, renderTable } from "../output/index.js";
import type { CommandIo } from "./command-io.js";
import { providerLabel } from "./credential-output.js";
import { enumLabel } from "./enum-label.js";
import type { GlobalOptions } from "./global-options.js";
import { collectPages } from "./list-pages.js";
import type { Noun } from "./noun.js";
import { withApi } from "./open-api.js";
import { addOutputOption, addWriteOutputOption, outputOf, printResult } from "./output-option.js";
import { addVerb, type Verb } from "./verb.js";

/** Exactly one of the four targets; an agent always comes with its project. */
export type BindTarget =
  | { readonly kind: "session"; readonly session: string }
  | { readonly kind: "agent"; readonly project: string; readonly agent: string }
  | { readonly kind: "project"; readonly project: string }
  | { readonly kind: "global" };

export interface BindOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly credential: string;
  readonly target: BindTarget;
}

export const bind: Verb<BindOptions> = {
  spec: "bind <credential>",
  summary: "make a credential (id or name) available to a session, an agent of a project, a project, or every session",
  configure(command) {
    command
      .option("--project <project>", "every session of this project (id or name)")
      .option("--agent <agent>", "with --project: only sessions created for this agent")
      .option("--session <session>", "one session")
      .option("--global", "every session (admins only)");
    addWriteOutputOption(command);
  },
  parse: ({ args, opts, globals }) => ({
    globals,
    output: outputOf(opts),
    credential: args[0]!,
    target: parseTarget(opts),
  }),
  async run(options, io) {
    const { binding } = await withApi(io, options.globals, (api) =>
      api
        .client(BindingService)
        .createBinding({ credentialId: options.credential, target: targetField(options.target) }),
    );
    if (binding === undefined) throw new Error("CreateBinding answered without a binding");
    printResult(io, options.output, {
      table: () => `bound ${options.credential} to ${describeTarget(binding)} (binding ${binding.id})\n`,
      data: () => messageJson(BindingSchema, binding),
    });
    return 0;
  },
};

export interface UnbindOptions {
  readonly globals: GlobalOptions;
  readonly binding: string;
}

export const unbind: Verb<UnbindOptions> = {
  spec: "unbind <binding-id>",
  summary: "remove a binding",
  parse: ({ args, globals }) => ({ globals, binding: args[0]! }),
  async run(options, io) {
    await withApi(io, options.globals, (api) => api.client(BindingService).deleteBinding({ id: options.binding }));
    io.stdout.write(`deleted binding ${options.binding}\n`);
    return 0;
  },
};

export interface BindingsOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly credential: string;
}

export const bindings: Verb<BindingsOptions> = {
  spec: "bindings <credential>",
  summary: "list a credential's bindings (id or name)",
  configure: addOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), credential: args[0]! }),
  async run(options, io) {
    const list = await withApi(io, options.globals, (api) =>
      collectPages(async (pageSize, pageToken) => {
        const page = await api
          .client(BindingService)
          .listBindings({ credentialId: options.credential, pageSize, pageToken });
        return { items: page.bindings, nextPageToken: page.nextPageToken };
      }),
    );
    if (options.output === "table" && list.length === 0) {
      io.stderr.write(`No bindings of ${options.credential}.\n`);
      return 0;
    }
    printResult(io, options.output, {
      table: () => bindingTable(list, io),
      data: () => messageJson(ListBindingsResponseSchema, create(ListBindingsResponseSchema, { bindings: list })),
    });
    return 0;
  },
};

/** `acpctl bind`, `unbind` and `bindings`: verbs at the top, as the binding is what they act on. */
export const bindingNoun: Noun = {
  register(program, io, outcome) {
    addVerb(program, bind, io, outcome);
    addVerb(program, unbind, io, outcome);
    addVerb(program, bindings, io, outcome);
  },
};

export function parseTarget(opts: Readonly<Record<string, unknown>>): BindTarget {
  const project = opts["project"] as string | undefined;
  const agent = opts["agent"] as string | undefined;
  const session = opts["session"] as string | undefined;
  const global = opts["global"] === true;
  const chosen = [project !== undefined, session !== undefined, global].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError("choose one target: --project P [--agent A], --session S or --global");
  if (agent !== undefined && project === undefined) throw new UsageError("--agent needs --project");
  if (project !== undefined)
    return agent === undefined ? { kind: "project", project } : { kind: "agent", project, agent };
  if (session !== undefined) return { kind: "session", session };
  return { kind: "global" };
}

function targetField(target: BindTarget): MessageInitShape<typeof CreateBindingRequestSchema>["target"] {
  switch (target.kind) {
    case "session":
      return { case: "sessionId", value: target.session };
    case "agent":
      return { case: "agent", value: { projectId: target.project, agent: target.agent } };
    case "project":
      return { case: "projectId", value: target.project };
    case "global":
      return { case: "global", value: {} };
  }
}

function describeTarget(binding: Binding): string {
  const target = binding.target;
  switch (target.case) {
    case "sessionId":
      return `session ${target.value}`;
    case "agent":
      return `agent ${target.value.agent} of project ${target.value.projectId}`;
    case "projectId":
      return `project ${target.value}`;
    case "global":
      return "every session";
    default:
      return "an unknown target";
  }
}

function bindingTable(list: readonly Binding[], io: CommandIo): string {
  const now = io.now();
  return renderTable(
    ["ID", "TARGET", "TIER", "PROVIDER", "AGE"],
    list.map((binding) => [
      binding.id,
      describeTarget(binding),
      enumLabel(BindingTierSchema, binding.tier),
      providerLabel(io.registry, binding.provider),
      age(binding.createTime && timestampDate(binding.createTime), now),
    ]),
  );
}
