/**
 * How to reach a server. `http://` and `https://` speak Connect over
 * HTTP/1.1, which every proxy passes; `h2c://host:port` (or --http2) asks for
 * HTTP/2, cleartext with prior knowledge for h2c:// and http://, negotiated
 * by ALPN for https://. acp-api serves both on one port.
 */
export interface Endpoint {
  readonly baseUrl: string;
  readonly httpVersion: "1.1" | "2";
}

export type EndpointResult =
  | { readonly ok: true; readonly endpoint: Endpoint }
  | { readonly ok: false; readonly problem: string };

const schemes = ["http:", "https:", "h2c:"];

export function parseEndpoint(server: string, http2: boolean): EndpointResult {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return {
      ok: false,
      problem: `server ${JSON.stringify(server)} is not a URL; expected http://HOST:PORT, https://… or h2c://…`,
    };
  }
  if (!schemes.includes(url.protocol)) {
    return { ok: false, problem: `server ${JSON.stringify(server)}: expected an http://, https:// or h2c:// URL` };
  }
  // A token is sent in a header, never in the URL, so a URL holding one is a mistake to stop at.
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return { ok: false, problem: "the server URL may not carry credentials, a query or a fragment" };
  }
  const h2c = url.protocol === "h2c:";
  const baseUrl = `${h2c ? "http:" : url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  return { ok: true, endpoint: { baseUrl, httpVersion: h2c || http2 ? "2" : "1.1" } };
}
