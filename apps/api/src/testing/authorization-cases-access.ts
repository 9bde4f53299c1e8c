// Test support: the authorization matrix's rows for the access model:
// projects and their members, bindings, and sessions with their runners' reads.

import { BindingService, ProjectRole, ProjectService, SessionService } from "@acp/proto";
import type { Client } from "@connectrpc/connect";
import { isSessionReadOf, shows } from "./authorization-answers.js";
import { type AuthorizationCase, casesOf, firstMessage } from "./authorization-case.js";
import { callersCredential, copyOfProject, freshBindingOfC, freshSession } from "./authorization-throwaways.js";
import type { AuthorizationWorld } from "./authorization-world.js";

// Who sees P and what is in it; C's binding to P is also its credential owner's to see.
const membersOfP = ["projectOwner", "projectEditor", "projectViewer", "admin"] as const;
const seesBindingOfC = ["credentialOwner", ...membersOfP] as const;

const projects = casesOf(ProjectService, [
  { rpc: "createProject", call: (client, world) => client.createProject({ name: world.fresh("project") }) },
  { rpc: "getProject", variant: "P", call: (client, world) => client.getProject({ id: world.project.id }) },
  { rpc: "listProjects", call: (client) => client.listProjects({}), verify: shows("P's id", membersOfP) },
  {
    rpc: "deleteProject",
    variant: "a fresh copy of P",
    arrange: (world) => copyOfProject(world),
    call: (client, _world, id) => client.deleteProject({ id }),
  },
  {
    rpc: "addProjectMember",
    variant: "the bystander, to a fresh copy of P",
    arrange: (world) => copyOfProject(world),
    call: (client, world, projectId) =>
      client.addProjectMember({ projectId, userId: world.users.bystander.id, role: ProjectRole.VIEWER }),
  },
  {
    rpc: "removeProjectMember",
    variant: "the bystander, from a fresh copy of P",
    arrange: (world) => copyOfProject(world, true),
    call: (client, world, projectId) => client.removeProjectMember({ projectId, userId: world.users.bystander.id }),
  },
  {
    rpc: "listProjectMembers",
    variant: "P",
    call: (client, world) => client.listProjectMembers({ projectId: world.project.id }),
  },
]);

const bindings = casesOf(BindingService, [
  {
    // A fresh agent name each time: C is already bound to P itself.
    rpc: "createBinding",
    variant: "C, to an agent of P",
    call: (client, world) =>
      client.createBinding({
        credentialId: world.credential.id,
        target: { case: "agent", value: { projectId: world.project.id, agent: world.fresh("agent") } },
      }),
  },
  {
    rpc: "createBinding",
    variant: "own fresh credential, to P",
    arrange: callersCredential,
    call: (client, world, credentialId) =>
      client.createBinding({ credentialId, target: { case: "projectId", value: world.project.id } }),
  },
  {
    rpc: "createBinding",
    variant: "own fresh credential, global",
    arrange: callersCredential,
    call: (client, _world, credentialId) =>
      client.createBinding({ credentialId, target: { case: "global", value: {} } }),
  },
  {
    rpc: "listBindings",
    call: (client) => client.listBindings({}),
    verify: shows("the id of C's binding to P", seesBindingOfC),
  },
  {
    rpc: "listBindings",
    variant: "project P",
    call: (client, world) => client.listBindings({ projectId: world.project.id }),
    verify: shows("the id of C's binding to P", seesBindingOfC),
  },
  {
    rpc: "deleteBinding",
    variant: "a fresh binding of C in P",
    arrange: freshBindingOfC,
    call: (client, _world, id) => client.deleteBinding({ id }),
  },
]);

type SessionClient = Client<typeof SessionService>;

/** The session a runner read names: its own by leaving the id empty, or S or S2 by id. */
const readTargets: readonly { variant: string; sessionId: (world: AuthorizationWorld) => string }[] = [
  { variant: "own session, id empty", sessionId: () => "" },
  { variant: "S", sessionId: (world) => world.sessionId },
  { variant: "S2", sessionId: (world) => world.otherSessionId },
];

const sessions = casesOf(SessionService, [
  {
    rpc: "createSession",
    variant: "in P",
    call: (client, world) => client.createSession({ projectId: world.project.id, name: world.fresh("session") }),
  },
  { rpc: "getSession", variant: "S", call: (client, world) => client.getSession({ id: world.sessionId }) },
  { rpc: "listSessions", call: (client) => client.listSessions({}), verify: shows("S's id", membersOfP) },
  {
    rpc: "listSessions",
    variant: "project P",
    call: (client, world) => client.listSessions({ projectId: world.project.id }),
    verify: shows("S's id", membersOfP),
  },
  {
    rpc: "endSession",
    variant: "a fresh session in P",
    arrange: freshSession,
    call: (client, _world, id) => client.endSession({ id }),
  },
  ...readTargets.map(({ variant, sessionId }) => ({
    rpc: "getSessionCredentials" as const,
    variant,
    call: (client: SessionClient, world: AuthorizationWorld) =>
      client.getSessionCredentials({ sessionId: sessionId(world) }),
    verify: isSessionReadOf,
  })),
  ...readTargets.map(({ variant, sessionId }) => ({
    rpc: "watchSessionCredentials" as const,
    variant,
    call: (client: SessionClient, world: AuthorizationWorld) =>
      firstMessage((options) => client.watchSessionCredentials({ sessionId: sessionId(world) }, options)),
    verify: isSessionReadOf,
  })),
]);

export const accessCases: readonly AuthorizationCase[] = [...projects, ...bindings, ...sessions];
