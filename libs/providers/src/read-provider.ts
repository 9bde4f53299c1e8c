import {
  FieldRequirement,
  FieldRequirementSchema,
  type ProviderSpec,
  SecretFormat,
  SecretFormatSchema,
} from "@acp/proto";
import type { DescEnum, DescEnumValue } from "@bufbuild/protobuf";
import { isExactSemver } from "./is-exact-semver.js";
import {
  filePathToken,
  type KnownFieldRequirement,
  type KnownSecretFormat,
  type Provider,
  type ProviderFile,
  type ProviderGit,
  type ProviderMcpServer,
} from "./provider.js";
import { readProviderEnv } from "./read-provider-env.js";

export type ReadProviderResult = { ok: true; provider: Provider } | { ok: false; problems: string[] };

// Short names become CLI arguments and flag values, so they stay shell-safe.
const shortName = /^[a-z][a-z0-9-]*$/;
const hostPattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/;
const npmPackage = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const mcpName = /^[A-Za-z0-9_-]+$/;

/**
 * Turns one enum value's ProviderSpec option into a checked Provider, or lists
 * every way the option is malformed. Problems name proto fields in their
 * snake_case spelling because that is what the author of the change edits.
 */
export function readProvider(value: DescEnumValue, spec: ProviderSpec): ReadProviderResult {
  const problems: string[] = [];
  const report = (problem: string) => problems.push(`${value.name} (${value.number}): ${problem}`);

  if (!shortName.test(spec.shortName)) {
    report(`short_name ${JSON.stringify(spec.shortName)} must match ${shortName.source}`);
  }
  if (spec.displayName.trim() === "") report("display_name is empty");
  if (spec.secretHelp.trim() === "") report("secret_help is empty");
  const secretFormat = knownValue(SecretFormatSchema, spec.secretFormat, "secret_format", report);
  const url = knownValue(FieldRequirementSchema, spec.url, "url", report);
  const email = knownValue(FieldRequirementSchema, spec.email, "email", report);
  if (!Number.isInteger(spec.maxSecretBytes) || spec.maxSecretBytes <= 0) {
    report("max_secret_bytes must be a positive number of bytes");
  }

  const file = spec.file && readFile(spec.file.name, spec.file.mode, report);
  const env = readProviderEnv(spec.env, { url: spec.url, email: spec.email, file }, report);
  const git = spec.git && readGit(spec.git, spec, report);
  const mcpServer = spec.mcpServer && readMcpServer(spec.mcpServer, file, report);

  if (problems.length > 0 || secretFormat === undefined || url === undefined || email === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    provider: {
      type: value.number,
      enumValueName: value.name,
      spec,
      shortName: spec.shortName,
      displayName: spec.displayName,
      secretHelp: spec.secretHelp,
      secretFormat: secretFormat as KnownSecretFormat,
      url: url as KnownFieldRequirement,
      email: email as KnownFieldRequirement,
      maxSecretBytes: spec.maxSecretBytes,
      env,
      file,
      git,
      mcpServer,
    },
  };
}

function knownValue(
  schema: DescEnum,
  number: number,
  field: string,
  report: (problem: string) => void,
): number | undefined {
  // Proto3 enums are open: an unknown number survives parsing, so check both.
  if (number === 0 || schema.value[number] === undefined) {
    const choices = schema.values.filter((v) => v.number !== 0).map((v) => v.name);
    report(`${field} must be set to one of ${choices.join(", ")}`);
    return undefined;
  }
  return number;
}

function readFile(name: string, mode: number, report: (problem: string) => void): ProviderFile {
  // The runner joins the name to the session directory; a separator or a dot
  // segment would let the file land outside it.
  if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    report(`file.name ${JSON.stringify(name)} must be a bare file name without path separators`);
  }
  // The file holds a secret: the owner must be able to read it and nobody else may.
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777 || (mode & 0o400) === 0 || (mode & 0o077) !== 0) {
    report(
      `file.mode ${mode} (0o${mode.toString(8)}) is not a valid permission for a private file: ` +
        "it must be within 0o777, readable by the owner and grant nothing to group or others",
    );
  }
  return { name, mode };
}

function readGit(
  git: NonNullable<ProviderSpec["git"]>,
  spec: ProviderSpec,
  report: (problem: string) => void,
): ProviderGit {
  if (spec.secretFormat !== SecretFormat.OPAQUE_TOKEN) {
    report("git needs secret_format SECRET_FORMAT_OPAQUE_TOKEN: git sends the secret as a password");
  }
  if (git.username === "") report("git.username is empty");
  for (const host of git.defaultHosts) {
    if (!hostPattern.test(host))
      report(`git.default_hosts entry ${JSON.stringify(host)} is not a lower-case host name`);
  }
  if (new Set(git.defaultHosts).size !== git.defaultHosts.length) report("git.default_hosts has duplicates");
  // Without a url the default hosts are the only place the token can go.
  if (git.defaultHosts.length === 0 && spec.url !== FieldRequirement.REQUIRED) {
    report("git.default_hosts is empty although url is not FIELD_REQUIREMENT_REQUIRED");
  }
  return { defaultHosts: [...git.defaultHosts], username: git.username };
}

function readMcpServer(
  mcp: NonNullable<ProviderSpec["mcpServer"]>,
  file: ProviderFile | undefined,
  report: (problem: string) => void,
): ProviderMcpServer {
  if (!mcpName.test(mcp.name)) report(`mcp_server.name ${JSON.stringify(mcp.name)} must match ${mcpName.source}`);
  if (!npmPackage.test(mcp.npmPackage)) {
    report(`mcp_server.npm_package ${JSON.stringify(mcp.npmPackage)} is not an npm package name`);
  }
  if (!isExactSemver(mcp.version)) {
    report(`mcp_server.version ${JSON.stringify(mcp.version)} is not an exact semantic version (no ranges or tags)`);
  }
  if (file === undefined && mcp.args.some((arg) => arg.includes(filePathToken))) {
    report(`mcp_server.args use ${filePathToken} but the provider has no file`);
  }
  return { name: mcp.name, npmPackage: mcp.npmPackage, version: mcp.version, args: [...mcp.args] };
}
