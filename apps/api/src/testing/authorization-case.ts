// Test support: one row of the authorization matrix, an RPC called one way,
// and how a row is written for a service.
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { CallOptions, Client } from "@connectrpc/connect";
import type { AuthorizationWorld, Caller } from "./authorization-world.js";

export interface AuthorizationCase {
  /** "Service.Method", with what sets this row apart in parentheses when an RPC has several. */
  readonly label: string;
  readonly service: DescService;
  readonly method: DescMethod;
  /** Makes the cell's fresh target, if it needs one, and answers its id (or ""). */
  arrange(world: AuthorizationWorld, caller: Caller): Promise<string>;
  call(world: AuthorizationWorld, caller: Caller, target: string): Promise<unknown>;
  readonly verify: AnswerCheck;
}

/** What is wrong with an allowed answer (given also as JSON); undefined when it is the right thing. */
export type AnswerCheck = (
  answer: unknown,
  json: string,
  world: AuthorizationWorld,
  caller: Caller,
) => string | undefined;

export interface RowSpec<S extends DescService> {
  /** The RPC as the generated client names it. */
  readonly rpc: keyof Client<S> & string;
  readonly variant?: string;
  readonly arrange?: (world: AuthorizationWorld, caller: Caller) => Promise<string>;
  /** A valid request, so the code says who may, never what is malformed. */
  readonly call: (client: Client<S>, world: AuthorizationWorld, target: string) => Promise<unknown>;
  readonly verify?: AnswerCheck;
}

export function casesOf<S extends DescService>(service: S, rows: readonly RowSpec<S>[]): AuthorizationCase[] {
  return rows.map((row) => {
    const method = service.method[row.rpc];
    if (method === undefined) throw new Error(`${service.typeName} has no RPC ${row.rpc}`);
    return {
      label: `${service.name}.${method.name}${row.variant ? ` (${row.variant})` : ""}`,
      service,
      method,
      arrange: row.arrange ?? (() => Promise.resolve("")),
      call: (world, caller, target) => row.call(world.api.client(service, caller.token), world, target),
      verify: row.verify ?? (() => undefined),
    };
  });
}

/**
 * A server stream's first message, then the stream closed: what a runner
 * receives on connecting is the allow or the denial. The deadline turns a
 * stream that never answers into a wrong cell instead of a hung suite.
 */
export async function firstMessage<T>(open: (options: CallOptions) => AsyncIterable<T>): Promise<T> {
  const abort = new AbortController();
  try {
    for await (const message of open({ signal: abort.signal, timeoutMs: 10_000 })) return message;
    throw new Error("the stream ended before its first message");
  } finally {
    abort.abort();
  }
}
