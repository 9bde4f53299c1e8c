import { type ApiToken, ApiTokenSchema, type User, UserSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ApiTokenRecord, UserRecord } from "../../storage/index.js";

export function userToProto(user: UserRecord): User {
  return create(UserSchema, {
    id: user.id,
    name: user.name,
    admin: user.admin,
    createTime: timestampFromDate(user.createTime),
  });
}

export function apiTokenToProto(token: ApiTokenRecord): ApiToken {
  return create(ApiTokenSchema, {
    id: token.id,
    userId: token.userId,
    description: token.description,
    createTime: timestampFromDate(token.createTime),
    revokeTime: token.revokeTime ? timestampFromDate(token.revokeTime) : undefined,
  });
}
