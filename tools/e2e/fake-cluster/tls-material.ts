import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A throwaway CA and a server certificate it signed, for 127.0.0.1 and localhost. */
export interface TlsMaterial {
  readonly caPem: string;
  /** The CA certificate on disk, for clients that want a file (kubectl --certificate-authority). */
  readonly caFile: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Removes the private directory holding the keys. */
  remove(): Promise<void>;
}

// The openssl CLI rather than a bundled library: no new dependency, and what it
// writes is what real clusters use (X.509 v3 with SANs and key usages Go checks).
const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

export async function generateTlsMaterial(): Promise<TlsMaterial> {
  // mkdtemp creates the directory 0700, so the keys are never readable by others.
  const dir = await mkdtemp(join(tmpdir(), "fake-cluster-tls-"));
  const path = (name: string) => join(dir, name);
  try {
    await run("openssl", [
      "req",
      "-x509",
      ...ecKey,
      "-keyout",
      path("ca.key"),
      "-out",
      path("ca.crt"),
      "-days",
      "2",
      "-subj",
      "/CN=fake-cluster-ca",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    await run("openssl", [
      "req",
      ...ecKey,
      "-keyout",
      path("server.key"),
      "-out",
      path("server.csr"),
      "-subj",
      "/CN=fake-kube-apiserver",
    ]);
    await writeFile(
      path("server.ext"),
      [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    await run("openssl", [
      "x509",
      "-req",
      "-in",
      path("server.csr"),
      "-CA",
      path("ca.crt"),
      "-CAkey",
      path("ca.key"),
      "-CAcreateserial",
      "-out",
      path("server.crt"),
      "-days",
      "2",
      "-extfile",
      path("server.ext"),
    ]);
    const [caPem, certPem, keyPem] = await Promise.all(
      ["ca.crt", "server.crt", "server.key"].map((name) => readFile(path(name), "utf8")),
    );
    // Nothing signs with the CA again: drop its key at once.
    await rm(path("ca.key"));
    return {
      caPem: caPem!,
      caFile: path("ca.crt"),
      certPem: certPem!,
      keyPem: keyPem!,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
