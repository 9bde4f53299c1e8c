import {
  ListProjectMembersResponseSchema,
  type ProjectMember,
  ProjectMemberSchema,
  ProjectRoleSchema,
  ProjectService,
} from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Option } from "commander";
import { age, messageJson, type OutputFormat, renderTable } from "../output/index.js";
import { enumChoices, enumLabel, enumValueOf } from "./enum-label.js";
import type { GlobalOptions } from "./global-options.js";
import type { Noun } from "./noun.js";
import { withApi } from "./open-api.js";
import { addOutputOption, addWriteOutputOption, outputOf, printResult } from "./output-option.js";
import { addVerb, type Verb } from "./verb.js";

export interface MemberAddOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly project: string;
  readonly user: string;
  readonly role: number;
}

export const memberAdd: Verb<MemberAddOptions> = {
  spec: "add <project> <user>",
  summary: "give a user (id or name) a role in a project, or change the role they have (owners and admins)",
  configure(command) {
    command.addOption(
      new Option("--role <role>", "viewer sees; editor also starts sessions and binds; owner also manages members")
        .choices(enumChoices(ProjectRoleSchema))
        .makeOptionMandatory(),
    );
    addWriteOutputOption(command);
  },
  parse: ({ args, opts, globals }) => ({
    globals,
    output: outputOf(opts),
    project: args[0]!,
    user: args[1]!,
    // Commander checked the choice against the same enum.
    role: enumValueOf(ProjectRoleSchema, opts["role"] as string)!,
  }),
  async run(options, io) {
    const { member } = await withApi(io, options.globals, (api) =>
      api
        .client(ProjectService)
        .addProjectMember({ projectId: options.project, userId: options.user, role: options.role }),
    );
    if (member === undefined) throw new Error("AddProjectMember answered without a member");
    printResult(io, options.output, {
      table: () =>
        `${member.userName || member.userId} is ${enumLabel(ProjectRoleSchema, member.role)} of project ${options.project}\n`,
      data: () => messageJson(ProjectMemberSchema, member),
    });
    return 0;
  },
};

export interface MemberRemoveOptions {
  readonly globals: GlobalOptions;
  readonly project: string;
  readonly user: string;
}

export const memberRemove: Verb<MemberRemoveOptions> = {
  spec: "remove <project> <user>",
  summary: "take a user's role in a project away (owners and admins; the last owner stays)",
  parse: ({ args, globals }) => ({ globals, project: args[0]!, user: args[1]! }),
  async run(options, io) {
    await withApi(io, options.globals, (api) =>
      api.client(ProjectService).removeProjectMember({ projectId: options.project, userId: options.user }),
    );
    io.stdout.write(`removed ${options.user} from project ${options.project}\n`);
    return 0;
  },
};

export interface MemberListOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly project: string;
}

export const memberList: Verb<MemberListOptions> = {
  spec: "list <project>",
  summary: "list a project's members and their roles",
  configure: addOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), project: args[0]! }),
  async run(options, io) {
    const { members } = await withApi(io, options.globals, (api) =>
      api.client(ProjectService).listProjectMembers({ projectId: options.project }),
    );
    printResult(io, options.output, {
      table: () => memberTable(members, io.now()),
      data: () => messageJson(ListProjectMembersResponseSchema, create(ListProjectMembersResponseSchema, { members })),
    });
    return 0;
  },
};

/** `acpctl project member add|remove|list`, registered under the project noun. */
export const memberNoun: Noun = {
  register(project, io, outcome) {
    const noun = project.command("member").alias("members").description("who may do what in a project");
    addVerb(noun, memberAdd, io, outcome);
    addVerb(noun, memberRemove, io, outcome);
    addVerb(noun, memberList, io, outcome);
  },
};

function memberTable(members: readonly ProjectMember[], now: Date): string {
  return renderTable(
    ["USER", "ROLE", "AGE"],
    members.map((member) => [
      member.userName || member.userId,
      enumLabel(ProjectRoleSchema, member.role),
      age(member.createTime && timestampDate(member.createTime), now),
    ]),
  );
}
