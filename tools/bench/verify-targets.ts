import { Code, ConnectError } from "@connectrpc/connect";
import { Http2SessionManager } from "@connectrpc/connect-node";
import { authorizationHeader } from "./authorization-header.js";
import { type ProbeAnswer, probe } from "./h2-probe.js";
import type { Scenario } from "./scenarios.js";
import type { WireProtocol } from "./wire-protocols.js";

export interface Endpoint {
  readonly name: string;
  readonly url: string;
}

const callTimeoutMs = 10_000;

/**
 * Checks every scenario on every endpoint in every protocol, twice: through
 * connect-node's own client (a real implementation of the protocol), and as
 * the raw request h2load will send, whose whole answer (status, grpc-status,
 * body) must pass the scenario's check and be byte for byte the same on every
 * endpoint, or the echo would not be doing the API's work on the wire.
 *
 * Returns the body length of each scenario × protocol answer, which h2load's
 * byte count must then match call for call. Throws on the first problem.
 */
export async function verifyTargets(
  endpoints: readonly Endpoint[],
  scenarios: readonly Scenario[],
  protocols: readonly WireProtocol[],
): Promise<Map<string, number>> {
  const bodyBytes = new Map<string, number>();
  const sessions = endpoints.map((e) => new Http2SessionManager(e.url));
  try {
    for (const scenario of scenarios) {
      const { authorization } = scenario;
      const withToken = authorizationHeader(authorization);
      for (const protocol of protocols) {
        let first: { readonly endpoint: Endpoint; readonly body: Uint8Array } | undefined;
        for (const [i, endpoint] of endpoints.entries()) {
          const where = `${endpoint.name}, ${protocol.name}, ${scenario.name}`;
          const transport = protocol.transport(endpoint.url, sessions[i]!, [withToken]);
          const clientProblem = await scenario
            .callThrough(transport, AbortSignal.timeout(callTimeoutMs))
            .catch(describeCallError);
          if (clientProblem) throw new Error(`${where}: connect-node client: ${clientProblem}`);

          const answer = await probe(
            endpoint.url,
            scenario.path,
            { ...protocol.headers, authorization },
            scenario.bodies[protocol.name],
          );
          const rawProblem = answerProblem(protocol, answer) ?? scenario.checkBody(protocol, answer.body);
          if (rawProblem) throw new Error(`${where}: raw request: ${rawProblem}`);
          if (first && !Buffer.from(first.body).equals(answer.body)) {
            throw new Error(
              `${where}: answer (${answer.body.length} bytes) differs from ${first.endpoint.name}'s (${first.body.length} bytes)`,
            );
          }
          first ??= { endpoint, body: answer.body };
        }
        if (first) bodyBytes.set(bodyKey(scenario, protocol), first.body.length);
      }
    }
  } finally {
    for (const session of sessions) session.abort();
  }
  return bodyBytes;
}

export const bodyKey = (scenario: Scenario, protocol: WireProtocol) => `${scenario.name} ${protocol.name}`;

function answerProblem(
  protocol: WireProtocol,
  { status, grpcStatus, contentEncoding }: ProbeAnswer,
): string | undefined {
  if (status < 200 || status > 299) return `HTTP status ${status}`;
  if (protocol.name === "grpc" && grpcStatus !== "0") return `grpc-status ${grpcStatus ?? "missing"}`;
  // The request asked for none; a compressed answer would be timed as something else than what was checked.
  if (contentEncoding !== undefined && contentEncoding !== "identity") return `answer is ${contentEncoding}-encoded`;
  return undefined;
}

// Code and message only: the message of an acp error never carries a secret.
function describeCallError(error: unknown): string {
  const e = ConnectError.from(error);
  return `${Code[e.code]}: ${e.rawMessage}`;
}
