import { type Project, type ProjectMember, ProjectMemberSchema, ProjectSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ProjectMemberRecord, ProjectRecord } from "../../storage/index.js";

export function projectToProto(project: ProjectRecord): Project {
  return create(ProjectSchema, {
    id: project.id,
    name: project.name,
    description: project.description,
    createTime: timestampFromDate(project.createTime),
  });
}

export function memberToProto(member: ProjectMemberRecord): ProjectMember {
  return create(ProjectMemberSchema, {
    projectId: member.projectId,
    userId: member.userId,
    userName: member.userName,
    role: member.role,
    createTime: timestampFromDate(member.createTime),
  });
}
