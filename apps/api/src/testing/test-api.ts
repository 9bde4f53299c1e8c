import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll } from "vitest";
import { createAesGcmSecretBox, createAuditHasher, type SecretBox } from "../crypto/index.js";
import { createLogger } from "../logging/logger.js";
import { startApiServer } from "../server/index.js";
import { type AuditTrail, createAuditTrail, createUserWithToken, defaultMaxSessionTtlMs } from "../services/index.js";
import { openStore, type Store, type UserId } from "../storage/index.js";
import { type ObservedAuditStore, observeAuditStore } from "./observed-audit-store.js";
import type { TestBackend } from "./test-databases.js";
import { randomKeyring } from "./test-keyrings.js";

export type Wire = "connect-json" | "connect-binary" | "connect-h2" | "grpc" | "grpc-web";

/** An in-process API on a random port with three users and captured log lines. */
export interface TestApi {
  readonly url: string;
  readonly store: Store;
  readonly box: SecretBox;
  /** The trail the services record to, over the store's audit table. */
  readonly audit: { readonly trail: AuditTrail; readonly store: ObservedAuditStore };
  readonly logs: string[];
  readonly tokens: { readonly admin: string; readonly alice: string; readonly bob: string };
  readonly userIds: { readonly admin: UserId; readonly alice: UserId; readonly bob: UserId };
  client<S extends DescService>(service: S, token: string | undefined, wire?: Wire): Client<S>;
  close(): Promise<void>;
}

export async function startTestApi(backend: TestBackend): Promise<TestApi> {
  const database = await backend.create();
  const store = await openStore(database.config);
  const keyring = randomKeyring(["k1"]);
  const box = createAesGcmSecretBox(keyring);
  const logs: string[] = [];
  const logger = createLogger((line) => logs.push(line));
  const auditStore = observeAuditStore(store.audit);
  const trail = createAuditTrail({
    store: auditStore,
    hasher: createAuditHasher(keyring),
    now: () => new Date(),
    logger,
  });
  const server = await startApiServer({
    store,
    box,
    audit: trail,
    logger,
    host: "127.0.0.1",
    port: 0,
    maxSessionTtlMs: defaultMaxSessionTtlMs,
  });
  const user = async (name: string, admin: boolean) => {
    const created = await createUserWithToken(store, { name, admin, tokenDescription: "test" });
    return { id: created.user.id, token: created.token };
  };
  const [admin, alice, bob] = [await user("admin", true), await user("alice", false), await user("bob", false)];

  const transports = new Map<string, Transport>();
  const transport = (token: string | undefined, wire: Wire): Transport => {
    const key = `${wire}:${token ?? ""}`;
    let t = transports.get(key);
    if (!t) {
      const interceptors = token ? [authHeader(token)] : [];
      const base = { baseUrl: server.url, interceptors };
      t =
        wire === "grpc"
          ? createGrpcTransport(base)
          : wire === "grpc-web"
            ? createGrpcWebTransport({ ...base, httpVersion: "1.1" })
            : wire === "connect-h2"
              ? createConnectTransport({ ...base, httpVersion: "2", useBinaryFormat: true })
              : createConnectTransport({ ...base, httpVersion: "1.1", useBinaryFormat: wire === "connect-binary" });
      transports.set(key, t);
    }
    return t;
  };

  return {
    url: server.url,
    store,
    box,
    audit: { trail, store: auditStore },
    logs,
    tokens: { admin: admin.token, alice: alice.token, bob: bob.token },
    userIds: { admin: admin.id, alice: alice.id, bob: bob.id },
    client: (service, token, wire = "connect-json") => createClient(service, transport(token, wire)),
    async close() {
      await server.close();
      await store.close();
      await database.dispose();
    },
  };
}

/**
 * One API for the whole suite: started before its first test and closed after
 * its last. What it returns stands for the API from then on (it exists only
 * once beforeAll has run), so suites write `api.tokens.alice` as usual.
 */
export function useTestApi(backend: TestBackend): TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await startTestApi(backend);
  });
  afterAll(async () => {
    await api?.close();
    api = undefined;
  });
  return new Proxy({} as TestApi, {
    get(_target, key) {
      if (api === undefined) throw new Error("test API used outside a test");
      return Reflect.get(api, key);
    },
  });
}

const authHeader =
  (token: string): Interceptor =>
  (next) =>
  async (req) => {
    req.header.set("Authorization", `Bearer ${token}`);
    return next(req);
  };
