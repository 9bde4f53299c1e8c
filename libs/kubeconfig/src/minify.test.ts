import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { minify } from "./minify.js";
import { tokenSelection } from "./testing/token-selection.js";

describe("minify", () => {
  it("writes the selection in a fixed order, leaving out defaults", () => {
    expect(minify(tokenSelection({}, { namespace: "web" }))).toBe(`apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: https://api.example.com:6443
contexts:
- name: dev
  context:
    cluster: dev
    user: dev
    namespace: web
current-context: dev
users:
- name: dev
  user:
    token: kT7pQ2wX9vL4mN8c
`);
  });

  it("keeps the opted-in transport settings, in their fixed place", () => {
    const text = minify(
      tokenSelection({
        tlsServerName: "api.internal",
        verification: { kind: "skipped" },
        proxyUrl: "http://proxy:3128",
        disableCompression: true,
      }),
    );
    expect(text).toContain(
      "    server: https://api.example.com:6443\n    tls-server-name: api.internal\n    insecure-skip-tls-verify: true\n" +
        "    proxy-url: http://proxy:3128\n    disable-compression: true\n",
    );
  });

  // Each of these would change type or value when go-yaml (YAML 1.1 rules plus
  // Go number syntax) or a YAML 1.2 reader met it unquoted.
  it.each([
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "true",
    "null",
    "~",
    "",
    "0o17",
    "0x1F",
    "1_000",
    "012",
    "1e3",
    ".inf",
    "1:20",
    "2001-12-14",
    "a: b",
    "- x",
    "#x",
    "x #y",
    "x:",
    "@x",
    "`x",
    "!x",
    "&x",
    "*x",
    "%x",
    "{x}",
    "[x]",
    "'x'",
    '"x"',
    " x",
    "x ",
    "staging — eu",
    "ümlaut",
    "tab\there",
  ])("quotes %j so every YAML reader gets the same string back", (name) => {
    const text = minify(tokenSelection({}, { context: name }));
    expect(text).toContain(`current-context: "`);
    for (const version of ["1.1", "1.2"] as const) {
      expect((parse(text, { version }) as Record<string, unknown>)["current-context"]).toBe(name);
    }
  });

  it.each([
    "dev",
    "api-ocp4-example-com:6443",
    "kube:admin/api-x:6443",
    "deployer@prod",
    "sha256~AbC_-9",
    "https://h:1/p",
    "LS0t+/==",
  ])("leaves %s plain", (name) => {
    expect(minify(tokenSelection({}, { context: name }))).toContain(`current-context: ${name}\n`);
  });
});
