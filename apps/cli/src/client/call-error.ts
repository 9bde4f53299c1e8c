import { Code, ConnectError } from "@connectrpc/connect";
import { describeTokenSource, type Target } from "../config/index.js";
import { AuthError, CliError } from "../io/index.js";
import { shortDuration } from "../output/index.js";

/**
 * What a failed call means to the person who ran the command. The server's
 * messages never hold a secret, and neither do these: the token is named by
 * where it came from, never shown.
 */
export async function describeCallError(error: unknown, target: Target, timeoutMs: number): Promise<CliError> {
  if (error instanceof CliError) return error;
  const err = ConnectError.from(error);
  switch (err.code) {
    case Code.Unauthenticated:
      return new AuthError(`${target.server} refused ${describeTokenSource(target.tokenSource)}: ${err.rawMessage}`, [
        refusedHint(target),
      ]);
    case Code.InvalidArgument: {
      const lines = (await import("./field-violations.js")).fieldViolationLines(err);
      return new CliError(lines.length === 0 ? err.rawMessage : lines);
    }
    case Code.DeadlineExceeded:
      return new CliError(`${target.server} did not answer within ${shortDuration(timeoutMs)}`, undefined, [
        "raise --request-timeout, or check the server",
      ]);
    case Code.Unavailable: {
      const reason = networkReason(err);
      if (reason === undefined) return new CliError(err.rawMessage);
      return new CliError(`cannot reach ${target.server}: ${reason}`, undefined, [
        `check that the server runs there, or log in to another with \`acpctl login --server URL\``,
      ]);
    }
    default:
      return new CliError(err.rawMessage);
  }
}

function refusedHint(target: Target): string {
  switch (target.tokenSource.kind) {
    case "context":
      return `run \`acpctl login --server ${target.server} --context ${target.tokenSource.context}\` to log in again`;
    case "env":
      return "unset ACP_TOKEN or set a valid one, or log in with `acpctl login`";
    case "login":
      return "nothing was saved; check the token and try again";
  }
}

/**
 * The system error behind a failed connection (ECONNREFUSED, ENOTFOUND, …),
 * as opposed to an Unavailable the server itself answered with.
 */
function networkReason(err: ConnectError): string | undefined {
  const cause = err.cause as { code?: unknown } | undefined;
  if (typeof cause?.code !== "string") return undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "no such host",
    EAI_AGAIN: "the host name could not be resolved",
    ECONNRESET: "the connection was reset",
    EHOSTUNREACH: "the host is unreachable",
    ETIMEDOUT: "the connection timed out",
  };
  return known[cause.code] ?? cause.code;
}
