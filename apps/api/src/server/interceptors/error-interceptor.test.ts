import { CredentialService } from "@acp/proto";
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi, type Wire } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const leaky = "select sealed from credentials where token = 'ghp_LEAKED0123456789'";

describe.each(testBackends)("internal errors on $name", (backend) => {
  const api = useTestApi(backend);
  beforeAll(async () => {
    // A database failure whose text carries SQL and a secret, as driver errors can.
    api.store.credentials.list = async () => {
      throw new Error(leaky);
    };
  });

  it.each<Wire>(["connect-json", "grpc", "grpc-web"])(
    "reach a %s client as a bare Internal with a reference, and the log names no detail",
    async (wire) => {
      const err = await expectCode(
        api.client(CredentialService, api.tokens.alice, wire).listCredentials({}),
        Code.Internal,
      );
      const ref = /^internal error \(ref ([0-9a-f]{12})\)$/.exec(err.rawMessage)?.[1];
      expect(ref, err.rawMessage).toBeDefined();
      const logged = api.logs.filter((line) => line.includes(ref!));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({
        level: "error",
        msg: "internal error",
        method: "ListCredentials",
        error: "Error",
      });
      for (const line of api.logs) {
        expect(line).not.toContain("ghp_LEAKED");
        expect(line).not.toContain("select");
      }
    },
  );
});
