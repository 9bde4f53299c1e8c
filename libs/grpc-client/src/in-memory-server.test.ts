import { createConnection } from "node:net";
import {
  GetSessionCredentialsResponseSchema,
  SessionService,
  SessionState,
  WatchSessionCredentialsResponseSchema,
} from "@acp/proto";
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { openGrpcChannel } from "./grpc-channel.js";
import { createGrpcClient } from "./grpc-client.js";
import { withInMemoryServer } from "./in-memory-server.js";

const session = { id: "ses_inmemory", state: SessionState.RUNNING };

describe("withInMemoryServer", () => {
  it("answers grpc-js's unary and server-streaming calls without a socket, then puts node:net and node:http2 back", async () => {
    const unary = toBinary(
      GetSessionCredentialsResponseSchema,
      create(GetSessionCredentialsResponseSchema, { session }),
    );
    const update = toBinary(
      WatchSessionCredentialsResponseSchema,
      create(WatchSessionCredentialsResponseSchema, { session }),
    );
    const paths: string[] = [];
    const answers = await withInMemoryServer(
      (path) => {
        paths.push(path);
        return path.endsWith("/GetSessionCredentials") ? [unary] : [update, update];
      },
      async () => {
        // A port nothing listens on: only the doubles can answer.
        const channel = openGrpcChannel("http://127.0.0.1:1");
        try {
          const client = createGrpcClient(SessionService, channel);
          const got = await client.getSessionCredentials({}, { deadline: Date.now() + 5_000 });
          const watched = [];
          for await (const answer of client.watchSessionCredentials({})) watched.push(answer);
          return { got, watched };
        } finally {
          channel.close();
        }
      },
    );
    expect(answers.got.session?.id).toBe("ses_inmemory");
    expect(answers.watched).toHaveLength(2);
    expect(paths).toEqual([
      "/acp.sessions.v1.SessionService/GetSessionCredentials",
      "/acp.sessions.v1.SessionService/WatchSessionCredentials",
    ]);
    // The real connect again: a refused port, not an in-memory answer.
    const refused = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port: 1 });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? ""));
      socket.once("connect", () => resolve("connected"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
