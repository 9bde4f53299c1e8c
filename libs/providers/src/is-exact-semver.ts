// The grammar from semver.org. Anything else (ranges, tags such as `latest`,
// `^1.2.3`, `1.2`) would let a session run code nobody reviewed.
const exactSemver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isExactSemver(version: string): boolean {
  return exactSemver.test(version);
}
