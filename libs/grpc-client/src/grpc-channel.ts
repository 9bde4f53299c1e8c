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
  /**
   * round_robin (default) spreads calls over every address the name resolves
   * to. pick_first (addresses shuffled) keeps one connection, so the channel's
   * state is that connection's: a long-lived stream can tell when the server
   * under it starts draining (GOAWAY) and move, instead of holding it open.
   */
  readonly loadBalancing?: "round_robin" | "pick_first";
}

/** One channel to a server; any number of service clients share it. */
export interface GrpcChannel {
  /** The URL it was opened for. */
  readonly server: string;
  /** The `dns:///host:port` target. */
  readonly target: string;
  /** "IDLE", "CONNECTING", "READY", "TRANSIENT_FAILURE" or "SHUTDOWN". */
  state(): string;
  /**
   * Calls `listener` once, when the state is no longer `state` (e.g. "READY"
   * after a GOAWAY or a broken connection). Returns a function that stops it.
   */
  onceStateLeaves(state: string, listener: (now: string) => void): () => void;
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
  const state = () => connectivityState[client.getChannel().getConnectivityState(false)] ?? "UNKNOWN";
  return {
    server,
    target,
    client,
    state,
    onceStateLeaves(from, listener) {
      let stopped = false;
      const watch = () => {
        const current = client.getChannel().getConnectivityState(false);
        if (connectivityState[current] !== from) {
          stopped = true;
          listener(connectivityState[current] ?? "UNKNOWN");
          return;
        }
        // grpc-js cannot unregister a watcher; a stopped one just ignores its one callback.
        client.getChannel().watchConnectivityState(current, Number.POSITIVE_INFINITY, () => {
          if (!stopped) watch();
        });
      };
      watch();
      return () => {
        stopped = true;
      };
    },
    close: () => client.close(),
  };
}

export function channelOptions(options: GrpcChannelOptions): ClientOptions {
  return {
    "grpc.service_config": JSON.stringify({ loadBalancingConfig: [loadBalancingConfig(options.loadBalancing)] }),
    // Ours is the only service config; no TXT lookups for another one.
    "grpc.service_config_disable_resolution": 1,
    "grpc.keepalive_time_ms": options.keepaliveTimeMs ?? 30_000,
    "grpc.keepalive_timeout_ms": options.keepaliveTimeoutMs ?? 10_000,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.max_reconnect_backoff_ms": options.maxReconnectBackoffMs ?? 10_000,
  };
}

function loadBalancingConfig(policy: GrpcChannelOptions["loadBalancing"] = "round_robin"): object {
  // Shuffled, so many clients of one name do not all pin its first address.
  return policy === "pick_first" ? { pick_first: { shuffleAddressList: true } } : { round_robin: {} };
}
