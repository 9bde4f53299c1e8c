import cluster, { type Worker } from "node:cluster";
import { type AddressInfo, createServer } from "node:net";
import type { LogFields, Logger } from "../logging/logger.js";
import { isChangeMessage } from "../storage/index.js";

/**
 * The port the primary picked for `--listen HOST:0`, given to every worker:
 * node:cluster shares one listening handle between workers that ask for the
 * same address, and with 0 a replacement forked after every worker died
 * would open a new random port, not the one the "listening" line named.
 */
export const clusterPortVariable = "ACP_CLUSTER_PORT";

export interface WorkerClusterOptions {
  readonly workers: number;
  readonly host: string;
  /** 0 picks a free port, once, for all workers. */
  readonly port: number;
  readonly logger: Logger;
  /** Resolves when the primary is asked to stop. */
  readonly stopRequested: Promise<void>;
  /** Said on the one "listening" line, after its url. */
  readonly listeningFields: LogFields;
}

// Deaths forgiven per worker within a minute; one more stops the server, as
// then something is wrong with it (or its host), not with one worker.
const restartsPerWorker = 2;
const restartWindowMs = 60_000;

type Phase = "starting" | "serving" | "stopping";

/**
 * The primary of `serve --workers N`: forks N copies of this command line,
 * each of which serves the same port (node:cluster hands the primary's
 * accepted connections to them in turn, and each peeks at its connections as
 * a single process does), passes changes between them, restarts a worker
 * that dies, and on stop asks each to drain. Resolves with the exit code: 0
 * when every worker drained and exited 0. A worker runs process.argv[1] (the
 * acp-api bin) with the same arguments, so this runs from the bin only, never
 * inside another program such as a test runner.
 */
export async function runWorkerCluster(options: WorkerClusterOptions): Promise<number> {
  const forkEnv: Record<string, string> =
    options.port === 0 ? { [clusterPortVariable]: String(await freePort(options.host)) } : {};
  return superviseWorkers(options, forkEnv);
}

/** A port nothing listens on now; whoever binds it first gets it, which is rarely anyone else so soon. */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, host, resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function superviseWorkers(options: WorkerClusterOptions, forkEnv: Readonly<Record<string, string>>): Promise<number> {
  const { logger, workers } = options;
  const maxRestarts = restartsPerWorker * workers;
  let phase: Phase = "starting";
  let exitCode = 0;
  const listening = new Set<Worker>();
  const restarts: number[] = [];

  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  // SQLite's notifier sends each change here (ipc-change-notifier.ts); PostgreSQL's never does.
  const relay = (from: Worker, message: unknown) => {
    if (!isChangeMessage(message)) return;
    for (const worker of live()) if (worker !== from && worker.isConnected()) worker.send(message);
  };

  const fork = () => {
    const worker = cluster.fork(forkEnv);
    logger.info("worker started", { pid: worker.process.pid });
  };

  return new Promise<number>((resolve) => {
    const finish = () => {
      cluster.off("message", relay);
      cluster.off("listening", onListening);
      cluster.off("exit", onExit);
      resolve(exitCode);
    };

    const stop = (code: number) => {
      if (phase === "stopping") return;
      phase = "stopping";
      exitCode = code;
      logger.info("shutting down; waiting for workers to drain", { workers: live().length });
      for (const worker of live()) worker.process.kill("SIGTERM");
      if (live().length === 0) finish();
    };

    const onListening = (worker: Worker, address: AddressInfo | { port: number; address: string }) => {
      listening.add(worker);
      if (phase !== "starting" || listening.size < workers) return;
      phase = "serving";
      const host = address.address.includes(":") ? `[${address.address}]` : address.address;
      logger.info("listening", { url: `http://${host}:${address.port}`, ...options.listeningFields, workers });
    };

    const onExit = (worker: Worker, code: number | null, signal: string | null) => {
      listening.delete(worker);
      const fields = { pid: worker.process.pid, code: code ?? undefined, signal: signal ?? undefined };
      if (phase === "stopping") {
        // A worker stopped before it could hear the signal (still loading) had nothing to drain.
        if (code !== 0 && signal !== "SIGTERM") {
          if (exitCode === 0) exitCode = 1;
          logger.error("worker did not drain cleanly", fields);
        }
        if (live().length === 0) finish();
        return;
      }
      if (phase === "starting") {
        // Its own error is already on stderr; the same command line would fail the same way again.
        logger.error("worker exited before listening", fields);
        stop(code === null || code === 0 ? 1 : code);
        return;
      }
      const now = Date.now();
      while (restarts.length > 0 && restarts[0]! <= now - restartWindowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        logger.error("worker exited; too many restarts, stopping", { ...fields, restarts: restarts.length });
        stop(1);
        return;
      }
      restarts.push(now);
      logger.error("worker exited; restarting it", fields);
      fork();
    };

    cluster.on("message", relay);
    cluster.on("listening", onListening);
    cluster.on("exit", onExit);
    for (let i = 0; i < workers; i++) fork();
    void options.stopRequested.then(() => stop(exitCode));
  });
}
