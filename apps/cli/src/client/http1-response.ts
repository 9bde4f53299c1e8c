// HTTP/1.1 answers as acpctl reads them (RFC 9112): a status line and
// header fields, then a body delimited by chunked coding, Content-Length or
// the end of the connection. Fed bytes as they arrive, in any split.

/** Longest status line plus header fields, and longest chunk-size or trailer line, accepted. */
const maxHeadBytes = 64 * 1024;
const maxLineBytes = 4 * 1024;

export interface ResponseHead {
  readonly status: number;
  readonly header: Headers;
  /** The connection may carry the next request once this answer is read. */
  readonly keepAlive: boolean;
}

export interface ResponseEvents {
  head(head: ResponseHead): void;
  body(chunk: Uint8Array): void;
  /** The answer is complete; `trailer` holds a chunked answer's trailer fields. */
  end(trailer: Headers): void;
}

type Body =
  | { kind: "length"; remaining: number }
  | { kind: "chunk-size" }
  | { kind: "chunk-data"; remaining: number }
  | { kind: "chunk-end" }
  | { kind: "trailer"; fields: Headers }
  | { kind: "until-close" };

/** Thrown for bytes that are not an HTTP/1.1 answer; the connection cannot be used after it. */
export class ResponseSyntaxError extends Error {}

/** Reads one answer. `push` each chunk read off the connection, then `close` if the connection ended. */
export class ResponseReader {
  #pending = Buffer.alloc(0);
  #body: Body | undefined;
  #done = false;

  constructor(
    private readonly events: ResponseEvents,
    private readonly method: string,
  ) {}

  get done(): boolean {
    return this.#done;
  }

  push(chunk: Uint8Array): void {
    if (this.#done) throw new ResponseSyntaxError("bytes after the end of the answer");
    this.#pending = this.#pending.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    while (!this.#done && this.#step());
  }

  /** The connection ended: complete for an answer delimited by it, a failure for any other. */
  close(): void {
    if (this.#done) return;
    if (this.#body?.kind !== "until-close") throw new ResponseSyntaxError("the connection closed mid-answer");
    this.#finish(new Headers());
  }

  /** One step on the bytes pending; false when it needs more of them. */
  #step(): boolean {
    const body = this.#body;
    if (body === undefined) return this.#readHead();
    switch (body.kind) {
      case "length":
      case "chunk-data":
        return this.#forward(body);
      case "until-close":
        if (this.#pending.byteLength > 0) this.events.body(this.#take(this.#pending.byteLength));
        return false;
      case "chunk-size": {
        const line = this.#line();
        if (line === undefined) return false;
        const size = /^([0-9a-fA-F]{1,8})[ \t]*(;.*)?$/.exec(line);
        if (size === null) throw new ResponseSyntaxError("a malformed chunk size");
        const remaining = Number.parseInt(size[1]!, 16);
        this.#body = remaining === 0 ? { kind: "trailer", fields: new Headers() } : { kind: "chunk-data", remaining };
        return true;
      }
      case "chunk-end": {
        const line = this.#line();
        if (line === undefined) return false;
        if (line !== "") throw new ResponseSyntaxError("a chunk longer than its size");
        this.#body = { kind: "chunk-size" };
        return true;
      }
      case "trailer": {
        const line = this.#line();
        if (line === undefined) return false;
        if (line === "") this.#finish(body.fields);
        else addField(body.fields, line);
        return true;
      }
    }
  }

  #readHead(): boolean {
    const end = this.#pending.indexOf("\r\n\r\n");
    if (end === -1) {
      if (this.#pending.byteLength > maxHeadBytes) throw new ResponseSyntaxError("an answer head over 64 KiB");
      return false;
    }
    const [statusLine = "", ...lines] = this.#take(end + 4)
      .toString("latin1")
      .slice(0, -4)
      .split("\r\n");
    const status = /^HTTP\/1\.([01]) ([1-9][0-9][0-9])(?: .*)?$/.exec(statusLine);
    if (status === null) throw new ResponseSyntaxError("not an HTTP/1.1 status line");
    const code = Number(status[2]);
    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
    if (code < 200) return true;
    const header = new Headers();
    for (const line of lines) addField(header, line);
    this.#body = bodyOf(code, header, this.method);
    const connection = header.get("connection")?.toLowerCase() ?? "";
    const keepAlive =
      this.#body.kind !== "until-close" &&
      (status[1] === "1" ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection));
    this.events.head({ status: code, header, keepAlive });
    if (this.#body.kind === "length" && this.#body.remaining === 0) this.#finish(new Headers());
    return true;
  }

  #forward(body: { kind: "length" | "chunk-data"; remaining: number }): boolean {
    if (this.#pending.byteLength === 0) return false;
    const size = Math.min(body.remaining, this.#pending.byteLength);
    this.events.body(this.#take(size));
    body.remaining -= size;
    if (body.remaining > 0) return false;
    if (body.kind === "length") this.#finish(new Headers());
    else this.#body = { kind: "chunk-end" };
    return true;
  }

  /** The next CRLF-ended line, without its CRLF; undefined until it is complete. */
  #line(): string | undefined {
    const end = this.#pending.indexOf("\r\n");
    if (end === -1) {
      if (this.#pending.byteLength > maxLineBytes) throw new ResponseSyntaxError("a chunk or trailer line over 4 KiB");
      return undefined;
    }
    const line = this.#take(end + 2).toString("latin1");
    return line.slice(0, -2);
  }

  #take(size: number): Buffer {
    const taken = this.#pending.subarray(0, size);
    this.#pending = this.#pending.subarray(size);
    return taken;
  }

  #finish(trailer: Headers): void {
    this.#done = true;
    if (this.#pending.byteLength > 0) throw new ResponseSyntaxError("bytes after the end of the answer");
    this.events.end(trailer);
  }
}

function bodyOf(status: number, header: Headers, method: string): Body {
  if (method === "HEAD" || status === 204 || status === 304) return { kind: "length", remaining: 0 };
  const coding = header.get("transfer-encoding");
  if (coding !== null) {
    if (!/(^|,)\s*chunked\s*$/i.test(coding)) throw new ResponseSyntaxError(`an unsupported transfer coding`);
    return { kind: "chunk-size" };
  }
  const length = header.get("content-length");
  if (length === null) return { kind: "until-close" };
  // Repeated fields arrive joined; each must say the same.
  const values = new Set(length.split(",").map((value) => value.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^[0-9]{1,15}$/.test(only)) {
    throw new ResponseSyntaxError("a malformed Content-Length");
  }
  return { kind: "length", remaining: Number(only) };
}

function addField(header: Headers, line: string): void {
  const colon = line.indexOf(":");
  const name = line.slice(0, colon);
  // No obsolete line folding, no whitespace before the colon (RFC 9112, 5.1 and 5.2).
  if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new ResponseSyntaxError("a malformed header field");
  }
  header.append(name, line.slice(colon + 1).trim());
}
