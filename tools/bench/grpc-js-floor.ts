// The second floor of bench:runner: a node process that makes the same one
// GetSessionCredentials call through the stack the runner must use (the
// @acp/grpc-client adapter over @grpc/grpc-js, the generated schemas), then
// exits. The bench bundles it as the runner's bin is bundled, so the two
// differ only by what the runner does beyond that call.
//
//   node <bundle> URL TOKEN_FILE      (the token never on argv)
import { readFileSync } from "node:fs";
import { createGrpcClient, openGrpcChannel } from "@acp/grpc-client";
import { SessionService } from "@acp/proto";

const [url, tokenFile] = process.argv.slice(2) as [string, string];
const token = readFileSync(tokenFile, "utf8").trim();
const channel = openGrpcChannel(url);
const client = createGrpcClient(SessionService, channel);
try {
  const answer = await client.getSessionCredentials(
    {},
    { metadata: { authorization: `Bearer ${token}` }, deadline: Date.now() + 10_000 },
  );
  if (answer.credentials.length === 0) throw new Error("an empty answer");
  // The bench times to this line, as it times the runner to its "ready" line.
  process.stderr.write("done\n");
  process.exit(0);
} catch (error) {
  process.stderr.write(`grpc-js-floor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
