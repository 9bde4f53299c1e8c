import { ListProjectsResponseSchema, type Project, ProjectSchema, ProjectService } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ApiClients } from "../client/index.js";
import { age, messageJson, type OutputFormat, renderTable } from "../output/index.js";
import { addYesOption, confirmDeletion, requireConfirmable } from "./confirm-delete.js";
import type { GlobalOptions } from "./global-options.js";
import { collectPages } from "./list-pages.js";
import type { Noun } from "./noun.js";
import { withApi } from "./open-api.js";
import { addOutputOption, addWriteOutputOption, outputOf, printResult } from "./output-option.js";
import { memberNoun } from "./project-member.js";
import { addVerb, type Verb } from "./verb.js";

export interface ProjectCreateOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
}

export const projectCreate: Verb<ProjectCreateOptions> = {
  spec: "create <name>",
  summary: "create a project (admins only); its first owner is --owner, or you",
  configure(command) {
    command
      .option("--description <text>", "a note for people")
      .option("--owner <user>", "the first owner (id or name) instead of you");
    addWriteOutputOption(command);
  },
  parse: ({ args, opts, globals }) => ({
    globals,
    output: outputOf(opts),
    name: args[0]!,
    description: (opts["description"] as string | undefined) ?? "",
    owner: (opts["owner"] as string | undefined) ?? "",
  }),
  async run(options, io) {
    const { name, description, owner } = options;
    const { project } = await withApi(io, options.globals, (api) =>
      api.client(ProjectService).createProject({ name, description, ownerId: owner }),
    );
    if (project === undefined) throw new Error("CreateProject answered without a project");
    printResult(io, options.output, {
      table: () => `created project ${project.name} (${project.id})\n`,
      data: () => messageJson(ProjectSchema, project),
    });
    return 0;
  },
};

export interface ProjectListOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
}

export const projectList: Verb<ProjectListOptions> = {
  spec: "list",
  summary: "list the projects you are a member of (every project, for admins)",
  configure: addOutputOption,
  parse: ({ opts, globals }) => ({ globals, output: outputOf(opts) }),
  async run(options, io) {
    const projects = await withApi(io, options.globals, (api) =>
      collectPages(async (pageSize, pageToken) => {
        const page = await api.client(ProjectService).listProjects({ pageSize, pageToken });
        return { items: page.projects, nextPageToken: page.nextPageToken };
      }),
    );
    if (options.output === "table" && projects.length === 0) {
      io.stderr.write("No projects found.\n");
      return 0;
    }
    printResult(io, options.output, {
      table: () => projectTable(projects, io.now()),
      data: () => messageJson(ListProjectsResponseSchema, create(ListProjectsResponseSchema, { projects })),
    });
    return 0;
  },
};

export interface ProjectRefOptions {
  readonly globals: GlobalOptions;
  readonly output: OutputFormat;
  readonly ref: string;
}

export const projectGet: Verb<ProjectRefOptions> = {
  spec: "get <id|name>",
  summary: "show one project",
  configure: addOutputOption,
  parse: ({ args, opts, globals }) => ({ globals, output: outputOf(opts), ref: args[0]! }),
  async run(options, io) {
    const project = await withApi(io, options.globals, (api) => findProject(api, options.ref));
    printResult(io, options.output, {
      table: () => projectTable([project], io.now()),
      data: () => messageJson(ProjectSchema, project),
    });
    return 0;
  },
};

export interface ProjectDeleteOptions {
  readonly globals: GlobalOptions;
  readonly ref: string;
  readonly yes: boolean;
}

export const projectDelete: Verb<ProjectDeleteOptions> = {
  spec: "delete <id|name>",
  summary: "delete a project with its members and bindings, ending its sessions (asks first, unless --yes)",
  configure: addYesOption,
  parse: ({ args, opts, globals }) => ({ globals, ref: args[0]!, yes: opts["yes"] === true }),
  async run(options, io) {
    requireConfirmable(options.yes, io);
    return withApi(io, options.globals, async (api) => {
      const project = await findProject(api, options.ref);
      const what = `project ${project.name} (${project.id})`;
      const question = `Delete ${what} with its members and bindings, and end its running sessions?`;
      await confirmDeletion(options.yes, io, what, question);
      await api.client(ProjectService).deleteProject({ id: project.id });
      io.stdout.write(`deleted ${what}\n`);
      return 0;
    });
  },
};

/** `acpctl project create|list|get|delete` and `project member add|remove|list`. */
export const projectNoun: Noun = {
  register(program, io, outcome) {
    const noun = program
      .command("project")
      .alias("projects")
      .description("projects, whose members start sessions and bind credentials to them");
    addVerb(noun, projectCreate, io, outcome);
    addVerb(noun, projectList, io, outcome);
    addVerb(noun, projectGet, io, outcome);
    addVerb(noun, projectDelete, io, outcome);
    memberNoun.register(noun, io, outcome);
  },
};

/** The project ID|NAME names; the API takes either, and NotFound repeats what was asked for. */
async function findProject(api: ApiClients, ref: string): Promise<Project> {
  const { project } = await api.client(ProjectService).getProject({ id: ref });
  if (project === undefined) throw new Error("GetProject answered without a project");
  return project;
}

function projectTable(projects: readonly Project[], now: Date): string {
  return renderTable(
    ["NAME", "DESCRIPTION", "AGE", "ID"],
    projects.map((project) => [
      project.name,
      project.description,
      age(project.createTime && timestampDate(project.createTime), now),
      project.id,
    ]),
  );
}
