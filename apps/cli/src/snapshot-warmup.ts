import { Duplex } from "node:stream";
import { CredentialSchema, ListCredentialsResponseSchema, ProviderType } from "@acp/proto";
import { providers } from "@acp/providers/registry";
import { create, toBinary } from "@bufbuild/protobuf";
import { Http1Connections, type Http1Connector, http1ApiClients } from "./client/index.js";
import { buildProgram, type CommandIo } from "./commands/index.js";
import { parseConfig } from "./config/index.js";

const sampleConfig = `current-context: warmup
contexts:
  - name: warmup
    server: http://warmup.invalid:8080
    token: warmup-token
`;

/**
 * Run by the snapshot builder (tools/build/write-snapshot.mjs), never at run
 * time: walks `credential list` (table and JSON), its help and a bad flag,
 * and the config file's parser, through the real HTTP/1.1 client over a
 * connection that answers from memory, so the blob holds those functions
 * compiled instead of compiling them on each command. Its one file-system call looks for a config under a
 * directory that does not exist.
 */
export async function snapshotWarmup(): Promise<void> {
  parseConfig(sampleConfig, "warmup.yaml");
  const answer = toBinary(
    ListCredentialsResponseSchema,
    create(ListCredentialsResponseSchema, {
      credentials: providers.all().map((provider, i) =>
        create(CredentialSchema, {
          id: `cred_warmup${i}`,
          name: `warmup-${i}`,
          provider: provider.type || ProviderType.UNSPECIFIED,
          labels: { team: "warmup" },
          createTime: { seconds: 0n },
        }),
      ),
    }),
  );
  // Every request on a connection gets the same answer, as the API sends it.
  const reply = Buffer.concat([
    Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/proto\r\ncontent-length: ${answer.byteLength}\r\n\r\n`),
    answer,
  ]);
  const inMemory: Http1Connector = () => {
    const socket: Duplex = new Duplex({
      read() {},
      write(_request, _encoding, written) {
        written();
        socket.push(reply);
      },
    });
    return socket;
  };
  let printed = "";
  const io: CommandIo = {
    stdout: { write: (text: string) => (printed += text) },
    stderr: { write: () => true },
    stdin: (async function* () {})(),
    stdinIsTty: false,
    prompt: { hidden: async () => "", line: async () => "" },
    env: {
      ACPCTL_CONFIG: "/nonexistent-acpctl-warmup/config.yaml",
      ACP_SERVER: "http://warmup.invalid:8080",
      ACP_TOKEN: "warmup-token",
    },
    clients: (target, options) => http1ApiClients(target.server, target, options, new Http1Connections(inMemory)),
    registry: providers,
    now: () => new Date(0),
  };
  for (const argv of [
    ["credential", "list"],
    ["credential", "list", "-o", "json"],
    ["credential", "list", "--help"],
    ["credential", "list", "--limit", "0"],
  ]) {
    try {
      const program = await buildProgram(io, { exitCode: 0 }, argv);
      await program.parseAsync(argv, { from: "user" });
    } catch {
      // Help and the bad flag end in commander's exit, thrown instead.
    }
  }
  // Fails the build rather than warm half the path.
  if (!printed.includes("warmup-0") || !printed.includes('"cred_warmup0"')) {
    throw new Error("warmup: credential list printed neither its table nor its JSON");
  }
}
