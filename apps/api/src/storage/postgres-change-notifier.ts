import { createHash } from "node:crypto";
import pg from "pg";
import type { Change, ChangeNotifier } from "./change-notifier.js";
import { decodeChange, encodeChange } from "./change-payload.js";
import { Listeners } from "./local-change-notifier.js";
import { StorageError } from "./storage-error.js";

/** How the listening connection comes back; tests shorten it. */
export interface ReconnectPolicy {
  /** The first wait after losing the channel; doubled on each failure. */
  readonly initialDelayMillis: number;
  readonly maxDelayMillis: number;
  /**
   * How long a connection must have lived for the next loss to start again at
   * the initial delay; shorter-lived ones keep doubling, so a server that
   * accepts and drops at once cannot cause a storm of resyncs.
   */
  readonly stableAfterMillis: number;
}

export interface PostgresChangeNotifierOptions {
  readonly url: string;
  readonly schema?: string | undefined;
  readonly reconnect?: ReconnectPolicy;
  readonly heartbeat?: HeartbeatPolicy;
}

/**
 * How the listening connection is proven alive. One that vanished without a
 * FIN (a dropped NAT entry, a partitioned host) fails only once something is
 * sent, and until then every notification is silently lost.
 */
export interface HeartbeatPolicy {
  readonly everyMillis: number;
  /** Also bounds the LISTEN itself when connecting. */
  readonly timeoutMillis: number;
}

const defaultReconnect: ReconnectPolicy = { initialDelayMillis: 50, maxDelayMillis: 2_000, stableAfterMillis: 10_000 };
// Connecting, a NOTIFY and a heartbeat each answer within this or count as
// failed, so nothing waits on an unreachable server for the kernel's TCP timeouts.
const operationTimeoutMillis = 5_000;
const defaultHeartbeat: HeartbeatPolicy = { everyMillis: 15_000, timeoutMillis: operationTimeoutMillis };
// Bounds the publishes waiting for a pooled connection: pg.Pool's own queue
// has no limit. A project delete publishes once per session and binding.
const maxPendingPublishes = 1_024;
// Seen in pg_stat_activity, so an operator can tell what each connection is for.
export const listenApplicationName = "acp-listen";
const publishApplicationName = "acp-notify";
// Identifiers longer than NAMEDATALEN - 1 bytes are truncated by LISTEN but
// refused by pg_notify, so the two would silently disagree.
const maxIdentifierBytes = 63;
const channelPrefix = "acp_changes";

/**
 * The channel of one acp schema: schemas on one database (test suites, or
 * deployments side by side) must not hear each other. A schema too long to fit
 * is named by its hash, which every replica computes alike.
 */
export function changeChannel(schema: string | undefined): string {
  if (schema === undefined) return channelPrefix;
  const named = `${channelPrefix}_${schema}`;
  if (Buffer.byteLength(named, "utf8") <= maxIdentifierBytes) return named;
  return `${channelPrefix}_h${createHash("sha256").update(schema).digest("hex").slice(0, 40)}`;
}

function jittered(delayMillis: number): number {
  // Between half and all of the delay, so replicas that lost the server
  // together do not all come back in the same millisecond.
  return delayMillis / 2 + Math.random() * (delayMillis / 2);
}

/**
 * A ChangeNotifier for every replica on one PostgreSQL database: changes go
 * out through pg_notify on a small pool and come back, to every replica and
 * this one alike, through one dedicated LISTEN connection.
 */
export class PostgresChangeNotifier implements ChangeNotifier {
  private readonly changes = new Listeners<Change>();
  private readonly resyncs = new Listeners<void>();
  private readonly listenSql: string;
  private readonly pool: pg.Pool;
  private listener: { client: pg.Client; connectedAt: number } | undefined;
  private connecting: pg.Client | undefined;
  private reconnecting: Promise<void> | undefined;
  private wakeReconnect: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private nextDelayMillis: number;
  private pendingPublishes = 0;
  private ignored = 0;
  private reconnects = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly url: string,
    readonly channel: string,
    private readonly reconnectPolicy: ReconnectPolicy,
    private readonly heartbeatPolicy: HeartbeatPolicy,
  ) {
    this.listenSql = `listen ${pg.escapeIdentifier(channel)}`;
    this.nextDelayMillis = reconnectPolicy.initialDelayMillis;
    this.pool = new pg.Pool({
      connectionString: url,
      application_name: publishApplicationName,
      max: 2,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: operationTimeoutMillis,
      query_timeout: operationTimeoutMillis,
    });
    // An idle pooled connection that dies emits "error" here; the pool drops
    // it and the next publish connects again, so it must not crash the process.
    this.pool.on("error", () => {});
  }

  /** Connects and listens before returning, so the first publish is already heard. */
  static async open(options: PostgresChangeNotifierOptions): Promise<PostgresChangeNotifier> {
    const notifier = new PostgresChangeNotifier(
      options.url,
      changeChannel(options.schema),
      options.reconnect ?? defaultReconnect,
      options.heartbeat ?? defaultHeartbeat,
    );
    try {
      await notifier.listen();
    } catch (error) {
      await notifier.close();
      throw new StorageError("open change notifier", { cause: error });
    }
    return notifier;
  }

  /** Notifications on the channel that were not a change this version writes. */
  get ignoredPayloads(): number {
    return this.ignored;
  }

  /** Times the channel was lost and listened to again. */
  get resyncCount(): number {
    return this.reconnects;
  }

  /** Subscribers that threw while being told of a change or a resync. */
  get listenerErrors(): number {
    return this.changes.errors + this.resyncs.errors;
  }

  async publish(change: Change): Promise<void> {
    if (this.closing !== undefined)
      throw new StorageError("publish change", { detail: "the change notifier is closed" });
    // Before any I/O, so a malformed change fails here and not as a driver error.
    const payload = encodeChange(change);
    if (this.pendingPublishes >= maxPendingPublishes) {
      throw new StorageError("publish change", { detail: "too many changes are waiting to be published" });
    }
    this.pendingPublishes += 1;
    try {
      // Delivered to this replica's subscribers through LISTEN like any other
      // replica's, so each publish reaches each subscriber exactly once.
      await this.pool.query("select pg_notify($1, $2)", [this.channel, payload]);
    } catch (error) {
      throw new StorageError("publish change", { cause: error });
    } finally {
      this.pendingPublishes -= 1;
    }
  }

  subscribe(listener: (change: Change) => void): () => void {
    return this.changes.add(listener);
  }

  onResync(listener: () => void): () => void {
    return this.resyncs.add(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearTimeout(this.heartbeat);
    this.wakeReconnect?.();
    // A connect in flight ends itself once it sees `closing`; waiting for it
    // is bounded by its connection timeout.
    await this.reconnecting;
    const listener = this.listener;
    this.listener = undefined;
    await Promise.all([listener?.client.end().catch(() => {}), this.pool.end().catch(() => {})]);
    this.changes.clear();
    this.resyncs.clear();
  }

  /** One attempt: a fresh client that listens, or a rejection and no connection left open. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: listenApplicationName,
      connectionTimeoutMillis: operationTimeoutMillis,
      query_timeout: this.heartbeatPolicy.timeoutMillis,
      keepAlive: true,
    });
    let lost = false;
    const onLost = () => {
      lost = true;
      if (this.listener?.client === client) this.lose(client);
    };
    // Attached before connecting and never removed: an "error" event without a
    // listener would crash the process, however late it comes.
    client.on("error", onLost);
    client.on("end", onLost);
    client.on("notification", (message) => {
      // While still connecting too: a notification can follow LISTEN's reply
      // in the same read, before this client becomes the listener.
      const current = this.listener?.client === client || this.connecting === client;
      if (current && message.channel === this.channel) this.deliver(message.payload);
    });
    this.connecting = client;
    try {
      await client.connect();
      await client.query(this.listenSql);
      if (lost) throw new Error("the listening connection ended as it started");
      if (this.closing !== undefined) throw new Error("the change notifier closed while connecting");
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    } finally {
      this.connecting = undefined;
    }
    this.listener = { client, connectedAt: Date.now() };
    this.scheduleHeartbeat(client);
  }

  private deliver(payload: string | undefined): void {
    const change = decodeChange(payload);
    if (change === undefined) this.ignored += 1;
    else this.changes.emit(change);
  }

  private scheduleHeartbeat(client: pg.Client): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      if (this.listener?.client !== client) return;
      // LISTEN again rather than `select 1`: a no-op on a live connection, and
      // pg_stat_activity keeps showing what the connection is for.
      client.query(this.listenSql).then(
        () => this.scheduleHeartbeat(client),
        () => {
          if (this.listener?.client === client) this.lose(client);
        },
      );
    }, this.heartbeatPolicy.everyMillis);
    // The connection keeps a server alive; its heartbeat alone must not keep a finished command alive.
    this.heartbeat.unref();
  }

  private lose(client: pg.Client): void {
    const lived = Date.now() - (this.listener?.connectedAt ?? 0);
    this.listener = undefined;
    clearTimeout(this.heartbeat);
    // Destroys the socket if it is dead or a heartbeat is stuck on it.
    client.end().catch(() => {});
    if (lived >= this.reconnectPolicy.stableAfterMillis) this.nextDelayMillis = this.reconnectPolicy.initialDelayMillis;
    this.startReconnecting();
  }

  private startReconnecting(): void {
    if (this.closing !== undefined || this.reconnecting !== undefined) return;
    this.reconnecting = this.reconnect().finally(() => {
      this.reconnecting = undefined;
      // A connection lost again before this settled found a loop still running.
      if (this.listener === undefined) this.startReconnecting();
    });
  }

  private async reconnect(): Promise<void> {
    while (this.closing === undefined) {
      await this.sleep(jittered(this.nextDelayMillis));
      this.nextDelayMillis = Math.min(this.nextDelayMillis * 2, this.reconnectPolicy.maxDelayMillis);
      if (this.closing !== undefined) return;
      try {
        await this.listen();
      } catch {
        continue;
      }
      this.reconnects += 1;
      // Whatever was published while the channel was down is gone for good.
      this.resyncs.emit();
      return;
    }
  }

  /** A wait that close() cuts short. */
  private sleep(millis: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, millis);
      this.wakeReconnect = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export function openPostgresChangeNotifier(options: PostgresChangeNotifierOptions): Promise<PostgresChangeNotifier> {
  return PostgresChangeNotifier.open(options);
}
