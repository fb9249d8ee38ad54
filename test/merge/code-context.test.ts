// contextRegion and snippet from the extracted file: a few lines around each finding, any line ending, bounded.
import { describe, expect, it } from 'vitest';
import type { Result } from 'sarif';
import { fromSources } from '../../src/merge/code-context.js';

const at = (uri: string, startLine: number, endLine = startLine): Result => ({ message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine, endLine, snippet: { text: 'the tool said' } } } }] });
const files: Record<string, string> = {
  'a.cs': ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'].join('\r\n'),
  'b.js': `one\r${'x'.repeat(1000)}\nthree`,
};

describe('fromSources', () => {
  const reads: string[] = [];
  const annotate = fromSources((p) => {
    reads.push(p);
    return files[p];
  }, 'Semgrep OSS')!;

  it('adds two lines before and after the region, with its line numbers, and the snippet from the file', () => {
    const rs = [at('a.cs', 1), at('a.cs', 4), at('a.cs', 6, 7)];
    expect(rs.map(annotate)).toEqual(['l1', 'l4', 'l6\nl7']);
    expect(rs.map((r) => r.locations![0]!.physicalLocation!.contextRegion)).toEqual([
      { startLine: 1, endLine: 3, snippet: { text: 'l1\nl2\nl3' } },
      { startLine: 2, endLine: 6, snippet: { text: 'l2\nl3\nl4\nl5\nl6' } },
      { startLine: 4, endLine: 7, snippet: { text: 'l4\nl5\nl6\nl7' } },
    ]);
    expect(rs[0]!.locations![0]!.physicalLocation!.region!.snippet).toEqual({ text: 'l1' });
    expect(reads).toEqual(['a.cs']);
  });
  it('cuts long lines, and leaves results alone whose file cannot be read or whose region is past its end', () => {
    const rs = [at('b.js', 1), at('missing.cs', 1), at('a.cs', 99)];
    expect(rs.map(annotate)).toEqual([`one\n${'x'.repeat(240)}…`, undefined, undefined]);
    expect(rs[0]!.locations![0]!.physicalLocation!.contextRegion!.snippet!.text).toBe(`one\n${'x'.repeat(240)}…\nthree`);
    for (const r of rs.slice(1)) {
      expect(r.locations![0]!.physicalLocation!.contextRegion).toBeUndefined();
      expect(r.locations![0]!.physicalLocation!.region!.snippet).toEqual({ text: 'the tool said' });
    }
  });
  it('gives no context region in a one-line file: it must be a proper superset of the region (SARIF 2.1.0 §3.29.5)', () => {
    const one = fromSources((p) => (p === 'one.asmx' ? '<%@ WebService Class="ss.WS" %>\n' : undefined), 'ossast exposure')!;
    const r = at('one.asmx', 1);
    expect(one(r)).toBe('<%@ WebService Class="ss.WS" %>');
    expect(r.locations![0]!.physicalLocation!.contextRegion).toBeUndefined();
  });
  it('is not there without a way to read files', () => {
    expect(fromSources(undefined, 'Semgrep OSS')).toBeUndefined();
  });
});
