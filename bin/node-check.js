// The Node.js versions ossast runs on: package.json's engines range (">=A.B <C"), the ones the suite tests. Another
// version is refused before anything runs: on an older one the token cannot be sealed out of the process environment
// (bin/seal-env.js needs process.execve), and no run of an untested runtime should pass a gate.

/** Why `version` (e.g. "20.11.1") is outside `engines`, or undefined when it is inside. */
export function nodeProblem(version, engines) {
  const [major, minor] = version.split('.').map(Number);
  const min = /^>=\s*(\d+)\.(\d+)/.exec(engines);
  const below = /<\s*(\d+)/.exec(engines);
  if (!min || !below) return `package.json's engines.node (${engines}) is not a ">=A.B <C" range`;
  const tooOld = major < Number(min[1]) || (major === Number(min[1]) && minor < Number(min[2]));
  const tooNew = major >= Number(below[1]);
  return tooOld || tooNew ? `Node.js v${version} is not supported: ossast runs on Node.js ${engines}` : undefined;
}
