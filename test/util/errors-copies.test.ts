// ossast gate runs from a bundle of its own that loads some stages from the main bundle (scripts/bundle.mjs): an
// error made by one copy of src/util/errors.ts must still be told apart by the other copy's classes.
import { describe, expect, it } from 'vitest';
import * as here from '../../src/util/errors.js';

describe('ossast errors across two copies of their module', () => {
  it('a copy is a distinct module, and its errors are still recognised by kind and keep their exit codes', async () => {
    // @ts-expect-error a query makes Vite load a second, distinct instance of the same module
    const other = (await import('../../src/util/errors.js?second-copy')) as typeof here;
    expect(other.ConfigError).not.toBe(here.ConfigError);
    const config = new other.ConfigError('bad file', 'fix it');
    expect(config instanceof here.ConfigError).toBe(true);
    expect(config instanceof here.OssastError).toBe(true);
    expect(config instanceof here.PipelineError).toBe(false);
    expect(config instanceof here.UsageError).toBe(false);
    expect(here.describeError(config)).toBe('bad file\n  hint: fix it');
    const interrupted = new other.InterruptedError('SIGINT');
    expect(interrupted instanceof here.InterruptedError).toBe(true);
    expect(interrupted.exitCode).toBe(130);
    expect(new other.PipelineError('x') instanceof here.ConfigError).toBe(false);
  });

  it('a class without a kind of its own is recognised by its prototype chain only, and look-alikes are not errors of ours', () => {
    class ScannerLike extends here.PipelineError {}
    expect(new here.PipelineError('x') instanceof ScannerLike).toBe(false);
    expect(new ScannerLike('x') instanceof ScannerLike).toBe(true);
    expect(new ScannerLike('x') instanceof here.PipelineError).toBe(true);
    expect({ [Symbol.for('ossast.error.kinds')]: 'ConfigError' } instanceof here.ConfigError).toBe(false);
    expect(new Error('x') instanceof here.OssastError).toBe(false);
    expect(null instanceof here.OssastError).toBe(false);
  });
});
