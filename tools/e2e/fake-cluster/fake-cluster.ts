import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { type ClusterContents, defaultContents, listObject, namespaceObject, podObject } from "./cluster-objects.js";
import { coreResourcesDocument, coreVersionsDocument, groupListDocument, versionDocument } from "./discovery.js";
import { namespaceTable, podTable, wantsTable } from "./table-view.js";
import { generateTlsMaterial } from "./tls-material.js";
import { TokenLabels, type TokenUse, tokenUseName } from "./token-labels.js";

/** One request as the fake API server saw it; never the raw token. */
export interface RecordedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly accept: string;
  readonly userAgent: string;
  /** The token it carried, by label. */
  readonly token: TokenUse;
  /** Whether that token was the one expected at the time. */
  readonly authorized: boolean;
  readonly status: number;
}

export interface FakeClusterOptions {
  readonly token: string;
  /** The label the first token goes by in the request log; "T1" by default. */
  readonly tokenLabel?: string;
  readonly contents?: ClusterContents;
}

export interface FakeCluster {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly caPem: string;
  readonly caFile: string;
  readonly namespaces: readonly string[];
  readonly pods: ClusterContents["pods"];
  /** Expect `token` from now on; the previous one gets 401. Returns its label ("T2", ...). */
  setToken(token: string, label?: string): string;
  /** The label of the token expected now. */
  currentTokenLabel(): string;
  /** A position in the request log: pass it to requests() or formatLog() for what came after. */
  cursor(): number;
  /** The requests recorded since `cursor` (all of them by default). */
  requests(cursor?: number): readonly RecordedRequest[];
  /** One line per request since `cursor`, safe to print: method, path, query, status, token label and client. */
  formatLog(cursor?: number): string;
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

// Answers what a read-only client needs; anything else is a 404 so that an
// unexpected request shows up as a failure and in the log, not as a silent success.
function route(
  req: IncomingMessage,
  path: string,
  contents: ClusterContents,
  hostPort: string,
): { status: number; body: unknown } {
  const accept = req.headers.accept;
  const notFound = { status: 404, body: status(404, "NotFound", "the server could not find the requested resource") };
  if (req.method !== "GET") return notFound;
  if (path === "/version") return { status: 200, body: versionDocument() };
  if (path === "/api") return { status: 200, body: coreVersionsDocument(hostPort) };
  if (path === "/apis") return { status: 200, body: groupListDocument() };
  if (path === "/api/v1") return { status: 200, body: coreResourcesDocument() };
  const namespaces = contents.namespaces.map(namespaceObject);
  const pods = (namespace?: string) =>
    contents.pods.filter((p) => namespace === undefined || p.namespace === namespace).map(podObject);
  if (path === "/api/v1/namespaces") {
    return { status: 200, body: wantsTable(accept) ? namespaceTable(namespaces) : listObject("Namespace", namespaces) };
  }
  if (path === "/api/v1/pods") {
    return { status: 200, body: wantsTable(accept) ? podTable(pods()) : listObject("Pod", pods()) };
  }
  const match = /^\/api\/v1\/namespaces\/([^/]+)(?:\/pods(?:\/([^/]+))?)?$/.exec(path);
  if (!match) return notFound;
  const [, namespace, podName] = match as unknown as [string, string, string | undefined];
  if (!contents.namespaces.includes(namespace)) {
    return { status: 404, body: status(404, "NotFound", `namespaces "${namespace}" not found`) };
  }
  if (!path.includes("/pods")) return { status: 200, body: namespaceObject(namespace) };
  if (podName === undefined) {
    const items = pods(namespace);
    return { status: 200, body: wantsTable(accept) ? podTable(items) : listObject("Pod", items) };
  }
  const pod = contents.pods.find((p) => p.namespace === namespace && p.name === podName);
  if (!pod) return { status: 404, body: status(404, "NotFound", `pods "${podName}" not found`) };
  return { status: 200, body: podObject(pod) };
}

/**
 * A Kubernetes API server over HTTPS that knows one bearer token at a time,
 * serves legacy discovery, namespaces and pods, and records every request.
 */
export async function startFakeCluster(options: FakeClusterOptions): Promise<FakeCluster> {
  const contents = options.contents ?? defaultContents;
  const tls = await generateTlsMaterial();
  const labels = new TokenLabels();
  let expected = options.token;
  labels.label(expected, options.tokenLabel);
  const log: RecordedRequest[] = [];
  let hostPort = "";

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://fake");
    const authorization = req.headers.authorization;
    const authorized = authorization === `Bearer ${expected}`;
    const answer = authorized
      ? route(req, url.pathname, contents, hostPort)
      : { status: 401, body: status(401, "Unauthorized", "Unauthorized") };
    log.push({
      at: Date.now(),
      method: req.method ?? "",
      path: url.pathname,
      query: url.search,
      accept: req.headers.accept ?? "",
      userAgent: req.headers["user-agent"] ?? "",
      token: labels.use(authorization),
      authorized,
      status: answer.status,
    });
    sendJson(res, answer.status, answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hostPort = `127.0.0.1:${port}`;

  return {
    url: `https://${hostPort}`,
    caPem: tls.caPem,
    caFile: tls.caFile,
    namespaces: contents.namespaces,
    pods: contents.pods,
    setToken(token, label) {
      expected = token;
      return labels.label(token, label);
    },
    currentTokenLabel: () => labels.label(expected),
    cursor: () => log.length,
    requests: (cursor = 0) => log.slice(cursor),
    formatLog(cursor = 0) {
      return log
        .slice(cursor)
        .map(
          (r) =>
            `${r.method} ${r.path}${r.query} -> ${r.status} (${tokenUseName(r.token)}) [${r.userAgent.split(" ")[0]}]`,
        )
        .join("\n");
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tls.remove();
    },
  };
}
