import { createGrpcClient, type GrpcChannel, type GrpcClient, openGrpcChannel } from "@acp/grpc-client";
import { SessionService } from "@acp/proto";
import type { BackoffOptions } from "./backoff.js";

export interface SessionApiOptions {
  /** `https://host:port`, or `http://host:port` for plaintext HTTP/2. */
  readonly server: string;
  /** The session's runner token (acpr_...), sent as `authorization: Bearer`. */
  readonly token: string;
  /** Deadline of each single call. Default 10 s. */
  readonly callTimeoutMs?: number;
  /** PEM of the CA that signed the server's certificate; default: the system roots. */
  readonly caPem?: string;
  /** Backoff between getCredentials attempts. Default 250 ms doubling to 5 s. */
  readonly retry?: BackoffOptions;
  /** Backoff between attempts to reopen a broken stream. Default 500 ms doubling to 15 s. */
  readonly reconnect?: BackoffOptions;
}

/** What the calls share: the channels, the token's metadata, and what a message must never contain. */
export interface SessionApiContext {
  readonly server: string;
  /** round_robin over the API's addresses, for single calls. */
  readonly calls: GrpcClient<typeof SessionService>;
  /** pick_first, for the stream, so its channel's state is the stream's connection's. */
  readonly streamChannel: GrpcChannel;
  readonly stream: GrpcClient<typeof SessionService>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly callTimeoutMs: number;
  readonly retry: BackoffOptions;
  readonly reconnect: BackoffOptions;
  /** Strings scrubbed from every message: the token. */
  readonly scrub: readonly string[];
  close(): void;
}

export function openSessionApiContext(options: SessionApiOptions): SessionApiContext {
  const channelOptions = options.caPem === undefined ? {} : { caPem: options.caPem };
  const callChannel = openGrpcChannel(options.server, channelOptions);
  const streamChannel = openGrpcChannel(options.server, { ...channelOptions, loadBalancing: "pick_first" });
  return {
    server: options.server,
    calls: createGrpcClient(SessionService, callChannel),
    streamChannel,
    stream: createGrpcClient(SessionService, streamChannel),
    metadata: { authorization: `Bearer ${options.token}` },
    callTimeoutMs: options.callTimeoutMs ?? 10_000,
    retry: { initialDelayMs: 250, maxDelayMs: 5_000, ...options.retry },
    reconnect: { initialDelayMs: 500, maxDelayMs: 15_000, ...options.reconnect },
    scrub: [options.token],
    close() {
      callChannel.close();
      streamChannel.close();
    },
  };
}
