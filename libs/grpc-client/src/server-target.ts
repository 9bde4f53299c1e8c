/** Where a gRPC channel connects, worked out from a server URL. */
export interface ServerTarget {
  /** A `dns:///host:port` target: every address the name resolves to is a backend. */
  readonly target: string;
  /** TLS for `https:`, plaintext HTTP/2 (h2c) for `http:`. */
  readonly secure: boolean;
  /** `host:port`, as written in the URL (brackets kept for IPv6). */
  readonly authority: string;
}

export class ServerUrlError extends Error {
  override readonly name = "ServerUrlError";
}

const defaultPorts: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };

/**
 * Turns `http://host:port` or `https://host:port` into a channel target.
 * gRPC has no path prefix, so a URL with a path, query or credentials is
 * refused rather than silently called at its root.
 */
export function serverTarget(server: string): ServerTarget {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ServerUrlError(`server must be a URL like https://host:port, got ${JSON.stringify(redact(server))}`);
  }
  const defaultPort = defaultPorts[url.protocol];
  if (defaultPort === undefined) {
    throw new ServerUrlError(`server URL must start with http:// or https://, not ${url.protocol}//`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ServerUrlError("server URL must not carry a user name or password");
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    throw new ServerUrlError(`server URL must have no path, query or fragment: ${url.protocol}//${url.host}`);
  }
  if (url.hostname === "") throw new ServerUrlError("server URL has no host");
  const authority = `${url.hostname}:${url.port === "" ? defaultPort : url.port}`;
  return { target: `dns:///${authority}`, secure: url.protocol === "https:", authority };
}

// A string that is not a URL may still hold user:password@; never echo that part.
function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, "//***@");
}
