import { type ProjectRecord, type ProjectStore, parseId } from "../../storage/index.js";
import { invalidArgument, notFound } from "../request-errors.js";

/** A project named the way people type it: by id (`prj_…`) or by name. */
export async function findProject(projects: ProjectStore, ref: string, field = "project_id"): Promise<ProjectRecord> {
  if (ref === "") throw invalidArgument([{ field, description: "must name a project by id or name" }]);
  const id = parseId("project", ref);
  const project = id === undefined ? await projects.getByName(ref) : await projects.get(id);
  if (!project) throw notFound("project", ref);
  return project;
}
