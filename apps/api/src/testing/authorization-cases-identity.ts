// Test support: the authorization matrix's rows for who one is and what one
// owns: health, credentials, users and their tokens, and the audit trail.

import { AuditService, CredentialService, Health, ProviderType, UserService } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { isSecretOfC, shows } from "./authorization-answers.js";
import { type AuthorizationCase, casesOf } from "./authorization-case.js";
import { callersToken, freshCredential, freshToken } from "./authorization-throwaways.js";

const health = casesOf(Health, [{ rpc: "check", call: (client) => client.check({ service: "" }) }]);

const credentials = casesOf(CredentialService, [
  {
    rpc: "createCredential",
    call: (client, world) =>
      client.createCredential({
        name: world.fresh("credential"),
        provider: ProviderType.GITHUB,
        secret: "ghp_matrixcreated00000000000000000000",
      }),
  },
  {
    rpc: "getCredential",
    variant: "C by id",
    call: (client, world) => client.getCredential({ lookup: { case: "id", value: world.credential.id } }),
  },
  {
    // Names are per owner: a name finds only the caller's own credential, an admin's included.
    rpc: "getCredential",
    variant: "C by name",
    call: (client, world) => client.getCredential({ lookup: { case: "name", value: world.credential.name } }),
  },
  {
    rpc: "listCredentials",
    call: (client) => client.listCredentials({}),
    verify: shows("C's id", ["credentialOwner"]),
  },
  {
    rpc: "listCredentials",
    variant: "all owners",
    call: (client) => client.listCredentials({ allOwners: true }),
    verify: shows("C's id", ["admin"]),
  },
  {
    // Only the description, and always the same one: C's secret stays what the runner reads check for.
    rpc: "updateCredential",
    variant: "C's description",
    call: (client, world) =>
      client.updateCredential({
        id: world.credential.id,
        updateMask: create(FieldMaskSchema, { paths: ["description"] }),
        description: "bound to P for the authorization matrix",
      }),
  },
  {
    rpc: "deleteCredential",
    variant: "a fresh one of the credential owner's",
    arrange: (world) => freshCredential(world, world.users.credentialOwner),
    call: (client, _world, id) => client.deleteCredential({ id }),
  },
  {
    rpc: "getCredentialSecret",
    variant: "C",
    call: (client, world) => client.getCredentialSecret({ id: world.credential.id }),
    verify: isSecretOfC,
  },
]);

const users = casesOf(UserService, [
  { rpc: "getCurrentUser", call: (client) => client.getCurrentUser({}) },
  { rpc: "createUser", call: (client, world) => client.createUser({ name: world.fresh("user"), admin: false }) },
  { rpc: "listUsers", call: (client) => client.listUsers({}) },
  {
    rpc: "createApiToken",
    variant: "self",
    call: (client, world) => client.createApiToken({ description: world.fresh("token") }),
  },
  {
    rpc: "createApiToken",
    variant: "another user",
    call: (client, world) =>
      client.createApiToken({ userId: world.users.bystander.id, description: world.fresh("token") }),
  },
  { rpc: "listApiTokens", variant: "self", call: (client) => client.listApiTokens({}) },
  {
    rpc: "listApiTokens",
    variant: "another user",
    call: (client, world) => client.listApiTokens({ userId: world.users.bystander.id }),
  },
  {
    rpc: "revokeApiToken",
    variant: "own fresh token",
    arrange: callersToken,
    call: (client, _world, id) => client.revokeApiToken({ id }),
  },
  {
    rpc: "revokeApiToken",
    variant: "another user's token",
    arrange: (world) => freshToken(world, world.users.bystander),
    call: (client, _world, id) => client.revokeApiToken({ id }),
  },
]);

const audit = casesOf(AuditService, [
  {
    rpc: "listAuditEvents",
    call: (client) => client.listAuditEvents({}),
    verify: shows("C's id", ["credentialOwner", "admin"]),
  },
  { rpc: "hashAuditValue", call: (client) => client.hashAuditValue({ value: "a leaked value" }) },
]);

export const identityCases: readonly AuthorizationCase[] = [...health, ...credentials, ...users, ...audit];
