// What the bench calls, as data: a name, the HTTP/2 path and the request as
// each protocol puts it on the wire, plus the check every answer must pass.
// A new workload is one more entry built with unaryScenario; the driver, the
// verification and the report take it as is.

import { CredentialService, SessionService } from "@acp/proto";
import { create, type DescMessage, type DescMethodUnary, type MessageShape } from "@bufbuild/protobuf";
import type { Transport } from "@connectrpc/connect";
import { type ProtocolName, protocolNames, type WireProtocol, wireProtocols } from "./wire-protocols.js";

export interface Scenario {
  readonly name: string;
  readonly path: string;
  /** The caller's header: an admin's API token, or a session's runner token. */
  readonly authorization: string;
  readonly bodies: Readonly<Record<ProtocolName, Uint8Array>>;
  /** Calls through a real client on `transport`; resolves to what is wrong with the answer, or undefined. */
  readonly callThrough: (transport: Transport, signal: AbortSignal) => Promise<string | undefined>;
  /** Decodes one raw response body; says what is wrong with it, or undefined. */
  readonly checkBody: (protocol: WireProtocol, body: Uint8Array) => string | undefined;
}

/**
 * `check` says what is wrong with an answer, or undefined when it is the
 * expected one. Its message goes to the terminal, so it must never quote a secret.
 */
export function unaryScenario<I extends DescMessage, O extends DescMessage>(
  name: string,
  authorization: string,
  method: DescMethodUnary<I, O>,
  request: MessageShape<I>,
  check: (response: MessageShape<O>) => string | undefined,
): Scenario {
  const bodies = Object.fromEntries(
    protocolNames.map((p) => [p, wireProtocols[p].encode(method.input, request)]),
  ) as Record<ProtocolName, Uint8Array>;
  return {
    name,
    path: `/${method.parent.typeName}/${method.name}`,
    authorization,
    bodies,
    async callThrough(transport, signal) {
      const response = await transport.unary(method, signal, undefined, undefined, request);
      return check(response.message);
    },
    checkBody(protocol, body) {
      let response: MessageShape<O>;
      try {
        response = protocol.decode(method.output, body);
      } catch (error) {
        return `undecodable ${protocol.name} body: ${error instanceof Error ? error.message : String(error)}`;
      }
      return check(response);
    },
  };
}

/** GetCredentialSecret of one stored credential, which must answer exactly its secret. */
export function secretReadScenario(
  credential: { readonly id: string; readonly secret: string },
  authorization: string,
): Scenario {
  const method = CredentialService.method.getCredentialSecret;
  return unaryScenario(
    "GetCredentialSecret",
    authorization,
    method,
    create(method.input, { id: credential.id }),
    (response) => {
      if (response.credentialId !== credential.id) return "answer names another credential";
      // Length only: the secret itself never goes to the terminal.
      if (response.secret !== credential.secret)
        return `answer's secret differs from the stored one (${response.secret.length} chars)`;
      return undefined;
    },
  );
}

/**
 * The runner's read of its session, `{}` under its runner token: every
 * resolved credential with its secret, each read audited before it is sent.
 * The answer must hold exactly `resolved`, in order, each with its secret.
 */
export function sessionReadScenario(
  session: { readonly id: string; readonly runnerToken: string },
  resolved: readonly { readonly id: string; readonly secret: string }[],
): Scenario {
  const method = SessionService.method.getSessionCredentials;
  return unaryScenario(
    "GetSessionCredentials",
    `Bearer ${session.runnerToken}`,
    method,
    create(method.input, {}),
    (response) => {
      if (response.session?.id !== session.id) return "answer names another session";
      const ids = response.credentials.map((c) => c.credentialId);
      if (ids.join() !== resolved.map((c) => c.id).join())
        return `answer holds credentials [${ids.join(", ")}], expected [${resolved.map((c) => c.id).join(", ")}]`;
      const wrong = response.credentials.filter((c, i) => c.secret !== resolved[i]!.secret);
      if (wrong.length > 0)
        return `answer's secrets of ${wrong.map((c) => c.credentialId).join(", ")} differ from the stored ones`;
      return undefined;
    },
  );
}
