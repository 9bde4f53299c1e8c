import { type Client, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import type { DescService } from "@bufbuild/protobuf";
import { createAesGcmSecretBox } from "../crypto/index.js";
import type { SecretBox } from "../crypto/secret-box.js";
import { createLogger } from "../logging/logger.js";
import { startApiServer } from "../server/api-server.js";
import { issueApiToken } from "../services/api-tokens.js";
import { randomKeyring } from "./test-keyrings.js";
import { openStore, type Store } from "../storage/index.js";
import type { TestBackend } from "./test-databases.js";

export type Wire = "connect-json" | "connect-binary" | "connect-h2" | "grpc" | "grpc-web";

/** An in-process API on a random port with three users and captured log lines. */
export interface TestApi {
  readonly url: string;
  readonly store: Store;
  readonly box: SecretBox;
  readonly logs: string[];
  readonly tokens: { readonly admin: string; readonly alice: string; readonly bob: string };
  readonly userIds: { readonly admin: string; readonly alice: string; readonly bob: string };
  client<S extends DescService>(service: S, token: string | undefined, wire?: Wire): Client<S>;
  close(): Promise<void>;
}

export async function startTestApi(backend: TestBackend): Promise<TestApi> {
  const database = await backend.create();
  const store = await openStore(database.config);
  const box = createAesGcmSecretBox(randomKeyring(["k1"]));
  const logs: string[] = [];
  const server = await startApiServer({ store, box, logger: createLogger((line) => logs.push(line)), host: "127.0.0.1", port: 0 });
  const user = async (name: string, admin: boolean) => {
    const record = await store.users.create({ name, admin });
    return { id: record.id, token: (await issueApiToken(store.tokens, record.id, "test")).token };
  };
  const [admin, alice, bob] = [await user("admin", true), await user("alice", false), await user("bob", false)];

  const transports = new Map<string, Transport>();
  const transport = (token: string | undefined, wire: Wire): Transport => {
    const key = `${wire}:${token ?? ""}`;
    let t = transports.get(key);
    if (!t) {
      const interceptors = token ? [authHeader(token)] : [];
      const base = { baseUrl: server.url, interceptors };
      t = wire === "grpc" ? createGrpcTransport(base)
        : wire === "grpc-web" ? createGrpcWebTransport({ ...base, httpVersion: "1.1" })
        : wire === "connect-h2" ? createConnectTransport({ ...base, httpVersion: "2", useBinaryFormat: true })
        : createConnectTransport({ ...base, httpVersion: "1.1", useBinaryFormat: wire === "connect-binary" });
      transports.set(key, t);
    }
    return t;
  };

  return {
    url: server.url,
    store,
    box,
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

const authHeader = (token: string): Interceptor => (next) => async (req) => {
  req.header.set("Authorization", `Bearer ${token}`);
  return next(req);
};
