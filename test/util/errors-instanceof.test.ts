// instanceof on ossast's errors follows the prototype chain only: a look-alike object is no error of ours.
import { describe, expect, it } from 'vitest';
import * as here from '../../src/util/errors.js';

describe('ossast errors and instanceof', () => {
  it('a subclass is recognised by its prototype chain only, and look-alikes are not errors of ours', () => {
    class ScannerLike extends here.PipelineError {}
    expect(new here.PipelineError('x') instanceof ScannerLike).toBe(false);
    expect(new ScannerLike('x') instanceof ScannerLike).toBe(true);
    expect(new ScannerLike('x') instanceof here.PipelineError).toBe(true);
    expect({ [Symbol.for('ossast.error.kinds')]: 'ConfigError' } instanceof here.ConfigError).toBe(false);
    expect(new Error('x') instanceof here.OssastError).toBe(false);
    const nothing: unknown = null;
    expect(nothing instanceof here.OssastError).toBe(false);
  });
});
