import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { openProcessLog } from "../logging/process-log.js";
import { startApiServer } from "../server/index.js";
import { createAuditTrail, createUserWithToken } from "../services/index.js";
import type { Store } from "../storage/index.js";
import { type Command, type CommandIo, commandEntry, parseFlags, UsageError } from "./command.js";
import { announceKeyring } from "./keyring-announcement.js";
import { openKeyring, withStore } from "./open-runtime.js";
import { parseDuration } from "./parse-duration.js";
import { type RuntimeConfig, runtimeConfig, runtimeFlags } from "./runtime-config.js";
import { resolveServeLimits, type ServeLimitArgs, serveLimitFlags, serveLimitsUsage } from "./serve-limits.js";
import { clusterPortVariable, runWorkerCluster, type WorkerClusterOptions } from "./worker-cluster.js";
import { resolveWorkerCount, workersFlag, workersUsage } from "./worker-count.js";

interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  readonly dev: boolean;
  readonly bootstrapTokenFile: string | undefined;
  readonly maxSessionTtlMs: number;
  /** --workers as given; read with ACP_WORKERS in run(). */
  readonly workers: string | undefined;
  /** Read with the environment in run(), which is where the environment is. */
  readonly limitArgs: ServeLimitArgs;
}

export const serve: Command<ServeOptions> = {
  name: "serve",
  usage: `acp-api serve [--listen HOST:PORT] [--data-dir DIR] [--dev] [--bootstrap-token-file PATH] [--max-session-ttl 7d] [--workers N] [limits]

  --listen                 address to serve Connect, gRPC and gRPC-Web on (default 127.0.0.1:8080)
  --data-dir               SQLite database and dev keyring directory (default ./.acp)
  --dev                    create and use <data-dir>/keyring.json when ACP_KEYRING_FILE is unset
  --bootstrap-token-file   also write the first admin's token to PATH (mode 0600)
  --max-session-ttl        longest runner-token lifetime a session may ask for (default 7d; sessions default to 24h)
${workersUsage}

Limits, against clients that hold connections or memory (a flag wins over its variable):
${serveLimitsUsage}

Environment: ACP_DATABASE_URL=postgres://… selects PostgreSQL; ACP_KEYRING_FILE names the keyring.`,
  parse(args) {
    const { values } = parseFlags(
      args,
      {
        options: {
          listen: { type: "string", default: "127.0.0.1:8080" },
          dev: { type: "boolean", default: false },
          "bootstrap-token-file": { type: "string" },
          "max-session-ttl": { type: "string", default: "7d" },
          ...runtimeFlags,
          ...serveLimitFlags,
          ...workersFlag,
        },
      },
      this.usage,
    );
    // Flags are checked here, so a mistyped one fails before anything starts; variables in run().
    resolveServeLimits(values, {});
    resolveWorkerCount(values.workers, {}, values.dev);
    return {
      ...parseListen(values.listen),
      dataDir: values["data-dir"],
      dev: values.dev,
      bootstrapTokenFile: values["bootstrap-token-file"],
      maxSessionTtlMs: parseDuration(values["max-session-ttl"], "--max-session-ttl"),
      limitArgs: values,
      workers: values.workers,
    };
  },
  async run(options, io) {
    // Listen for the signal before anything else: a supervisor may send SIGTERM
    // the moment it sees "listening", or during start-up, and either must mean
    // "drain and exit 0", never the default kill.
    const stopRequested = io.untilStopped();
    // Buffered, so no call waits on stderr; closed last, so no line is lost on the way out.
    const log = openProcessLog(io.stderr);
    const logger = log.logger;
    const config = runtimeConfig(options, io.env);
    const limits = resolveServeLimits(options.limitArgs, io.env);
    const workers = resolveWorkerCount(options.workers, io.env, options.dev);
    if (workers > 1 && cluster.isPrimary) {
      const { host, port } = options;
      return serveWorkers(options, io, config, { workers, host, port, logger, stopRequested }).finally(() =>
        log.close(),
      );
    }
    return withStore(config, async (store) => {
      const { box, auditHasher, keyIds } = await openKeyring(config, store, (line) => logger.info(line));
      // Recorded before serving, so `keys reencrypt` never misses a live server's keyring.
      const announcement = await announceKeyring(store, { keyIds, activeKeyId: box.activeKeyId }, logger);
      try {
        await bootstrapAdmin(store, options.bootstrapTokenFile, io);
        const audit = createAuditTrail({ store: store.audit, hasher: auditHasher, now: () => new Date(), logger });
        const { host, maxSessionTtlMs } = options;
        const port = cluster.isWorker ? Number(io.env[clusterPortVariable] ?? options.port) : options.port;
        const server = await startApiServer({ store, box, audit, logger, host, port, maxSessionTtlMs, limits });
        // A worker's primary says "listening" once, for all of them.
        const listening = cluster.isWorker ? "worker listening" : "listening";
        logger.info(listening, {
          url: server.url,
          database: config.store.kind,
          key_id: box.activeKeyId,
          pid: process.pid,
        });
        await stopRequested;
        logger.info("shutting down; waiting for in-flight calls");
        await server.close();
      } finally {
        await announcement.stop();
      }
      logger.info("stopped");
      return 0;
    }).finally(() => log.close());
  },
};

export const serveCommand = commandEntry(serve);

/**
 * The primary of `--workers N` prepares the database once (migrations, the
 * development keyring, the first admin), so workers never race to, then
 * forks the workers that serve.
 */
async function serveWorkers(
  options: ServeOptions,
  io: CommandIo,
  config: RuntimeConfig,
  group: Omit<WorkerClusterOptions, "listeningFields">,
): Promise<number> {
  const say = (line: string) => group.logger.info(line);
  const activeKeyId = await withStore(config, async (store) => {
    const { box } = await openKeyring(config, store, say);
    await bootstrapAdmin(store, options.bootstrapTokenFile, io);
    return box.activeKeyId;
  });
  const listeningFields = { database: config.store.kind, key_id: activeKeyId };
  const code = await runWorkerCluster({ ...group, listeningFields });
  group.logger.info("stopped");
  return code;
}

function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new UsageError(`--listen: expected HOST:PORT, got ${JSON.stringify(listen)}`);
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}

/** The very first start creates an admin so the API is usable at all; later starts never do. */
async function bootstrapAdmin(store: Store, tokenFile: string | undefined, io: CommandIo): Promise<void> {
  if ((await store.users.count()) > 0) return;
  const { token } = await createUserWithToken(store, { name: "admin", admin: true, tokenDescription: "bootstrap" });
  if (tokenFile) {
    // A fresh inode guarantees mode 0600 even when PATH already exists with a looser mode.
    const temp = `${tokenFile}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temp, `${token}\n`, { mode: 0o600, flag: "wx" });
    await rename(temp, tokenFile);
  }
  io.stdout.write(
    `Created the first admin user "admin". Its API token is shown only this once:\n\n  ${token}\n\n` +
      `Use it as "Authorization: Bearer <token>".\n`,
  );
}
