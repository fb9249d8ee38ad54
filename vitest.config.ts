import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Left out of the fast subset (`npm run test:unit`, which runs vitest in mode `unit`): tests that run the real Semgrep,
 * a browser or the whole CLI, or build large inputs. `npm test` runs everything.
 */
const SLOW = [
  '**/*.e2e.test.ts',
  'test/hostile/**',
  'test/cli/**',
  'test/scan/**',
  'test/cache/pipeline-cache.test.ts',
  'test/cache/semgrep-cache.test.ts',
  'test/exposure/demo.test.ts',
  'test/exposure/pipeline.test.ts',
  'test/merge/rule-metadata.test.ts',
  'test/report/gitlab-e2e.test.ts',
  'test/report/html.test.ts',
  'test/report/html-scale.test.ts',
  'test/report/scale.test.ts',
  'test/rules/semgrep-pack.test.ts',
  'test/suppress/accuracy.test.ts',
  'test/suppress/realistic.test.ts',
];

export default defineConfig(({ mode }) => ({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: mode === 'unit' ? [...configDefaults.exclude, ...SLOW] : configDefaults.exclude,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
}));
