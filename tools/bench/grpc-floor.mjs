// The floor the runner's start-up is measured against: a bare node process
// that makes one gRPC call (GetSessionCredentials, with the session's token)
// to the same server and exits. Plain node:http2 and hand-written gRPC
// framing, so it loads nothing beyond node itself: whatever the runner costs
// above this is the runner's own.
//
//   node tools/bench/grpc-floor.mjs URL TOKEN_FILE      (the token never on argv)
import { readFileSync } from "node:fs";
import { connect } from "node:http2";

const [url, tokenFile] = process.argv.slice(2);
const token = readFileSync(tokenFile, "utf8").trim();
const session = connect(url);
session.on("error", fail);
// An empty GetSessionCredentialsRequest: no compression flag, zero length.
const request = session.request({
  ":method": "POST",
  ":path": "/acp.sessions.v1.SessionService/GetSessionCredentials",
  "content-type": "application/grpc",
  te: "trailers",
  authorization: `Bearer ${token}`,
});
let bytes = 0;
request.on("data", (chunk) => {
  bytes += chunk.length;
});
request.on("trailers", (trailers) => {
  const status = trailers["grpc-status"];
  if (status !== "0") fail(new Error(`grpc-status ${status}`));
});
request.on("end", () => {
  session.close();
  if (bytes <= 5) fail(new Error("an empty answer"));
  // The bench times to this line, as it times the runner to its "ready" line.
  process.stderr.write("done\n");
});
request.on("error", fail);
request.end(Buffer.alloc(5));

function fail(error) {
  process.stderr.write(`grpc-floor: ${error.message}\n`);
  process.exit(1);
}
