// The import rules of ossast's layers (docs/architecture.md), checked in the test suite (test/architecture.test.ts):
// cli → pipeline → shard → config → evidence → stages (in pipeline order) → model → util. Value and type imports both count.
const STAGES = ['cache', 'retrieve', 'extract', 'scan', 'merge', 'suppress', 'baseline', 'gate', 'exposure', 'report'];
const LAYERS = ['util', 'model', ...STAGES, 'evidence', 'config', 'shard', 'demo', 'pipeline', 'cli'];

/** Each layer may import itself and the layers before it; a folder may not import a later one. */
const orderRules = LAYERS.map((layer, i) => ({
  name: `order-${layer}`,
  comment: `src/${layer} may import only ${['itself', ...LAYERS.slice(0, i)].join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || 'none'})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycle, between files or folders', severity: 'error', from: {}, to: { circular: true } },
    ...orderRules,
    { name: 'entry-is-top', comment: 'the library entry (src/index.ts) is imported by nothing in src/', severity: 'error', from: { path: '^src/' }, to: { path: '^src/index\\.ts$' } },
    { name: 'product-not-tests', comment: 'product code never imports tests, test support or fixtures', severity: 'error', from: { path: '^(src|bin|scripts)/' }, to: { path: '^(test|fixtures|bench)/' } },
    { name: 'known-folders', comment: 'every folder under src/ has a place in the layers', severity: 'error', from: { path: '^src/' }, to: { path: '^src/', pathNot: `^src/(${LAYERS.join('|')})/|^src/index\\.ts$` } },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(fixtures/(corpus|realistic|demo/app)|scanners/semgrep/rules/)' },
  },
};
