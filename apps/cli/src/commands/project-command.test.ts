import { startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { loggedIn, parsedJson } from "../testing/cli-fixtures.js";

describe("acpctl project", () => {
  let api: TestApi;
  let admin: Record<string, string>;
  let alice: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await loggedIn(api);
    alice = await loggedIn(api, await api.createUser("alice"));
    await api.createUser("bob");
  });
  afterAll(async () => api.stop());

  it("creates, lists, gets by name or id, in table, json and yaml", async () => {
    const created = await runCli(["project", "create", "payments", "--description", "the payments team"], {
      env: admin,
    });
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^created project payments \(prj_\w+\)\n$/);

    const table = (await runCli(["project", "list"], { env: admin })).stdout;
    expect(table.split("\n")[0]).toMatch(/^NAME\s+DESCRIPTION\s+AGE\s+ID$/);
    expect(table).toMatch(/^payments\s+the payments team\s+\d+s\s+prj_\w+$/m);

    const got = parsedJson(await runCli(["project", "get", "payments", "-o", "json"], { env: admin }));
    expect(got).toMatchObject({ name: "payments", description: "the payments team" });
    expect(
      parseYaml((await runCli(["project", "get", String(got["id"]), "-o", "yaml"], { env: admin })).stdout),
    ).toEqual(got);
    const listed = parsedJson(await runCli(["projects", "list", "-o", "json"], { env: admin }));
    expect(listed["projects"]).toEqual(expect.arrayContaining([got]));
  });

  it("names another first owner with --owner, and lets only admins create", async () => {
    const made = parsedJson(
      await runCli(["project", "create", "alices", "--owner", "alice", "-o", "json"], { env: admin }),
    );
    const members = (await runCli(["project", "member", "list", "alices"], { env: admin })).stdout;
    expect(members.split("\n")[0]).toMatch(/^USER\s+ROLE\s+AGE$/);
    expect(members).toMatch(/^alice\s+owner\s+\d+s$/m);
    // Alice sees her project, and only hers.
    const hers = parsedJson(await runCli(["project", "list", "-o", "json"], { env: alice }));
    expect(hers["projects"]).toEqual([made]);

    const refused = await runCli(["project", "create", "mine"], { env: alice });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: /);
  });

  it("adds, changes and removes members by name, with roles from the proto", async () => {
    await runCli(["project", "create", "team"], { env: admin });
    const added = await runCli(["project", "member", "add", "team", "bob", "--role", "viewer"], { env: admin });
    expect(added).toEqual({ code: 0, stdout: "bob is viewer of project team\n", stderr: "" });
    const changed = parsedJson(
      await runCli(["project", "members", "add", "team", "bob", "--role", "editor", "-o", "json"], { env: admin }),
    );
    expect(changed).toMatchObject({ userName: "bob", role: "PROJECT_ROLE_EDITOR" });
    const listed = parsedJson(await runCli(["project", "member", "list", "team", "-o", "json"], { env: admin }));
    expect((listed["members"] as { userName: string; role: string }[]).map((m) => [m.userName, m.role])).toEqual([
      ["admin", "PROJECT_ROLE_OWNER"],
      ["bob", "PROJECT_ROLE_EDITOR"],
    ]);
    expect(await runCli(["project", "member", "remove", "team", "bob"], { env: admin })).toEqual({
      code: 0,
      stdout: "removed bob from project team\n",
      stderr: "",
    });
    expect((await runCli(["project", "member", "list", "team"], { env: admin })).stdout).not.toMatch(/^bob/m);
    const lastOwner = await runCli(["project", "member", "remove", "team", "admin"], { env: admin });
    expect(lastOwner).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/^error: .*owner/) });

    const wrongRole = await runCli(["project", "member", "add", "team", "bob", "--role", "boss"], { env: admin });
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toMatch(/Allowed choices are viewer, editor, owner/);
    const noRole = await runCli(["project", "member", "add", "team", "bob"], { env: admin });
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role/);
    const nobody = await runCli(["project", "member", "add", "team", "nobody", "--role", "viewer"], { env: admin });
    expect(nobody).toMatchObject({ code: 1, stderr: expect.stringMatching(/nobody/) });
  });

  it("asks before deleting on a terminal, refuses without --yes off one, and names what is missing", async () => {
    await runCli(["project", "create", "doomed"], { env: admin });
    const refused = await runCli(["project", "delete", "doomed"], { env: admin });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to delete without --yes/);
    const declined = await runCli(["project", "delete", "doomed"], { env: admin, answers: ["n"] });
    expect(declined).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/was not deleted/) });
    const io = { env: admin, answers: ["y"] };
    const confirmed = await runCli(["project", "delete", "doomed"], io);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/^deleted project doomed \(prj_\w+\)\n$/);

    const gone = await runCli(["project", "get", "doomed"], { env: admin });
    expect(gone).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/^error: .*doomed.*not found/) });
    expect((await runCli(["project", "delete", "doomed", "--yes"], { env: admin })).code).toBe(1);
    // A non-member learns nothing more than that it was not found.
    expect((await runCli(["project", "get", "team"], { env: alice })).stderr).toMatch(/not found/);
  });

  it("says so when there are no projects", async () => {
    const bobEnv = await loggedIn(api, await api.createUser("carol"));
    expect(await runCli(["project", "list"], { env: bobEnv })).toEqual({
      code: 0,
      stdout: "",
      stderr: "No projects found.\n",
    });
  });
});
