// Long part (issue 11's acceptance): a runner's change stream, opened as the
// runner opens it (grpc-js through @acp/grpc-client, pick_first, keepalive
// pings at the runner's 30 s default), idles for 35 s against a server whose
// every timeout is shortened to 10 s (standing in for the minutes of the
// defaults), and still delivers the next update. The fast, in-process form
// with 1 s limits is apps/api/src/server/long-lived-stream.test.ts.
import { createGrpcClient, openGrpcChannel } from "@acp/grpc-client";
import { BindingService, CredentialService, ProjectService, SessionService } from "@acp/proto";
import { afterEach, describe, expect, it } from "vitest";
import { createWorld, type ReliabilityWorld } from "./reliability-world.js";
import { createCredential, freshToken } from "./stored-credentials.js";

const limits = ["--headers-timeout", "--request-timeout", "--keep-alive-timeout", "--idle-timeout"].flatMap((flag) => [
  flag,
  "10s",
]);
const idleMs = 35_000;

describe("a runner's change stream idle past every limit", () => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it("delivers the update that follows 35 s of silence under 10 s limits", { timeout: 120_000 }, async () => {
    world = await createWorld("sqlite");
    const server = await world.serve(limits);
    const credentials = world.client(CredentialService, server.url);
    const { project } = await world.client(ProjectService, server.url).createProject({ name: "idle" });
    const credential = await createCredential(credentials, "idle-stream");
    await world
      .client(BindingService, server.url)
      .createBinding({ credentialId: credential.id, target: { case: "projectId", value: project!.id } });
    const { runnerToken } = await world.client(SessionService, server.url).createSession({ projectId: project!.id });

    const channel = openGrpcChannel(server.url, { loadBalancing: "pick_first" });
    const controller = new AbortController();
    try {
      const stream = createGrpcClient(SessionService, channel)
        .watchSessionCredentials(
          {},
          { metadata: { authorization: `Bearer ${runnerToken}` }, signal: controller.signal },
        )
        [Symbol.asyncIterator]();
      const first = await stream.next();
      expect(first.done).toBe(false);
      expect(first.value?.credentials[0]?.secret).toBe(credential.secret);

      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const rotated = freshToken();
      await credentials.updateCredential({ id: credential.id, updateMask: { paths: ["secret"] }, secret: rotated });
      const next = await Promise.race([
        stream.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no update within 10 s")), 10_000)),
      ]);
      expect(next.done).toBe(false);
      expect(next.value?.credentials[0]?.secret).toBe(rotated);
      expect(channel.state()).toBe("READY");
    } finally {
      controller.abort();
      channel.close();
    }
    expect(server.outputTail()).not.toContain("ghp_");
  });
});
