import { ChannelCredentials, type ClientOptions, connectivityState, Client as GrpcJsClient } from "@grpc/grpc-js";
import { serverTarget } from "./server-target.js";

export interface GrpcChannelOptions {
  /** PEM of the CA that signed an `https://` server's certificate; default: the system roots. */
  readonly caPem?: string;
  /** Interval of HTTP/2 keepalive pings, also while no call is active. Default 30 s. */
  readonly keepaliveTimeMs?: number;
  /** How long a ping may go unanswered before the connection is dropped. Default 10 s. */
  readonly keepaliveTimeoutMs?: number;
  /** Upper bound of the channel's own reconnect backoff. Default 10 s (grpc-js: 120 s). */
  readonly maxReconnectBackoffMs?: number;
}

/** One channel to a server; any number of service clients share it. */
export interface GrpcChannel {
  /** The URL it was opened for. */
  readonly server: string;
  /** The `dns:///host:port` target. */
  readonly target: string;
  /** "IDLE", "CONNECTING", "READY", "TRANSIENT_FAILURE" or "SHUTDOWN". */
  state(): string;
  /** Ends the channel; calls still open on it are cancelled. */
  close(): void;
  /** @internal The stock grpc-js client the service clients call through. */
  readonly client: GrpcJsClient;
}

/**
 * Opens a stock grpc-js channel for `http://host:port` (h2c) or
 * `https://host:port` (TLS). The target is `dns:///host:port` with
 * round_robin, so a name that resolves to several API replicas spreads calls
 * over all of them; keepalive pings keep an idle stream's connection (and any
 * NAT or proxy entry on the way) alive for hours, and find a dead peer.
 */
export function openGrpcChannel(server: string, options: GrpcChannelOptions = {}): GrpcChannel {
  const { target, secure } = serverTarget(server);
  const credentials = secure
    ? ChannelCredentials.createSsl(options.caPem === undefined ? null : Buffer.from(options.caPem))
    : ChannelCredentials.createInsecure();
  const client = new GrpcJsClient(target, credentials, channelOptions(options));
  return {
    server,
    target,
    client,
    state: () => connectivityState[client.getChannel().getConnectivityState(false)] ?? "UNKNOWN",
    close: () => client.close(),
  };
}

export function channelOptions(options: GrpcChannelOptions): ClientOptions {
  return {
    "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    // Ours is the only service config; no TXT lookups for another one.
    "grpc.service_config_disable_resolution": 1,
    "grpc.keepalive_time_ms": options.keepaliveTimeMs ?? 30_000,
    "grpc.keepalive_timeout_ms": options.keepaliveTimeoutMs ?? 10_000,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.max_reconnect_backoff_ms": options.maxReconnectBackoffMs ?? 10_000,
  };
}
