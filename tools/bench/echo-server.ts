// The baseline for the API benchmark, run as its own process: CredentialService
// and SessionService served by bare connect-node over h2c, getCredentialSecret
// and getSessionCredentials each answering a fixed response. No auth, no
// database, no crypto, no audit, no logging per call, so the API/echo ratio
// isolates what acp adds on top of the RPC framework.
//
// Started by api-bench.ts as `node --import tsx echo-server.ts` with each
// response's binary encoding, base64, in ACP_BENCH_ECHO_RESPONSE
// (GetCredentialSecretResponse) and ACP_BENCH_ECHO_SESSION_RESPONSE
// (GetSessionCredentialsResponse): the bench copies them from real API
// answers so both servers send the same bytes.
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import {
  CredentialService,
  GetCredentialSecretResponseSchema,
  GetSessionCredentialsResponseSchema,
  SessionService,
} from "@acp/proto";
import { type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import { connectNodeAdapter } from "@connectrpc/connect-node";

function captured<D extends DescMessage>(variable: string, schema: D): MessageShape<D> {
  const encoded = process.env[variable];
  if (!encoded) throw new Error(`${variable} must hold the base64 ${schema.name} to answer`);
  return fromBinary(schema, Buffer.from(encoded, "base64"));
}

const secretResponse = captured("ACP_BENCH_ECHO_RESPONSE", GetCredentialSecretResponseSchema);
const sessionResponse = captured("ACP_BENCH_ECHO_SESSION_RESPONSE", GetSessionCredentialsResponseSchema);

// Every other method answers Unimplemented, as connect does for missing ones.
const handler = connectNodeAdapter({
  routes: (router) => {
    router.service(CredentialService, { getCredentialSecret: () => secretResponse });
    router.service(SessionService, { getSessionCredentials: () => sessionResponse });
  },
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
  process.stderr.write(`${JSON.stringify({ level: "info", msg: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});

const stop = () => {
  // GOAWAY lets in-flight calls finish; close() resolves once sessions are gone.
  for (const session of sessions) session.close();
  server.close(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
