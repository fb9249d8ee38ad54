// Prints suppression accuracy on the corpus: false positives suppressed out of total, true positives suppressed out of total.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCorpus } from '../fixtures/corpus/measure.js';

const dir = await mkdtemp(join(tmpdir(), 'ossast-accuracy-'));
try {
  const { accuracy: a, ms } = await measureCorpus(dir);
  console.log(`corpus scan (real Semgrep, bundled rules, built-in suppressions): ${ms} ms`);
  console.log(`false positives suppressed: ${a.fp.suppressed}/${a.fp.total}${a.fp.missed.length ? `  missed: ${a.fp.missed.map((e) => `${e.path}:${e.line} (${e.kind})`).join(', ')}` : ''}`);
  console.log(`true positives suppressed:  ${a.tp.suppressed}/${a.tp.total}${a.tp.wronglySuppressed.length ? `  WRONG: ${a.tp.wronglySuppressed.map((e) => `${e.path}:${e.line} (${e.kind})`).join(', ')}` : ''}`);
  if (a.unreported.length) console.log(`planted findings not reported by the scanner: ${a.unreported.map((e) => `${e.path}:${e.line} (${e.truth} ${e.kind})`).join(', ')}`);
  process.exitCode = a.fp.missed.length || a.tp.wronglySuppressed.length || a.unreported.length ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
