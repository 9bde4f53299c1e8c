// The baseline for the API benchmark, run as its own process: CredentialService
// served by bare connect-node over h2c, with getCredentialSecret answering a
// fixed response. No auth, no database, no crypto, no logging per call, so
// the API/echo ratio isolates what acp adds on top of the RPC framework.
//
// Started by api-bench.ts as `node --import tsx echo-server.ts` with the
// response's binary encoding, base64, in ACP_BENCH_ECHO_RESPONSE: the bench
// copies it from a real API answer so both send the same bytes.
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { fromBinary } from "@bufbuild/protobuf";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { CredentialService, GetCredentialSecretResponseSchema } from "@acp/proto";

const encoded = process.env.ACP_BENCH_ECHO_RESPONSE;
if (!encoded) throw new Error("ACP_BENCH_ECHO_RESPONSE must hold the base64 GetCredentialSecretResponse to answer");
const response = fromBinary(GetCredentialSecretResponseSchema, Buffer.from(encoded, "base64"));

// Every other method answers Unimplemented, as connect does for missing ones.
const handler = connectNodeAdapter({
  routes: (router) => router.service(CredentialService, { getCredentialSecret: () => response }),
});
const server = http2.createServer(handler);
const sessions = new Set<http2.Http2Session>();
server.on("session", (session) => {
  sessions.add(session);
  session.once("close", () => sessions.delete(session));
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  // The same line the API logs, so one spawn helper finds both addresses.
  process.stderr.write(JSON.stringify({ level: "info", msg: "listening", url: `http://127.0.0.1:${port}` }) + "\n");
});

const stop = () => {
  // GOAWAY lets in-flight calls finish; close() resolves once sessions are gone.
  for (const session of sessions) session.close();
  server.close(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
