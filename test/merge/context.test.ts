// contextRegion: a few lines around each finding, read from the extracted file, any line ending, bounded.
import { describe, expect, it } from 'vitest';
import type { Result } from 'sarif';
import { addContext } from '../../src/merge/context.js';

const at = (uri: string, startLine: number, endLine = startLine): Result => ({ message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine, endLine } } }] });
const files: Record<string, string> = {
  'a.cs': ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'].join('\r\n'),
  'b.js': `one\r${'x'.repeat(1000)}\nthree`,
};
const read = (p: string) => files[p];

describe('addContext', () => {
  it('adds two lines before and after the region, with its line numbers, whatever the line endings', () => {
    const rs = [at('a.cs', 4), at('a.cs', 1), at('a.cs', 6, 7)];
    addContext(rs, read);
    expect(rs.map((r) => r.locations![0]!.physicalLocation!.contextRegion)).toEqual([
      { startLine: 2, endLine: 6, snippet: { text: 'l2\nl3\nl4\nl5\nl6' } },
      { startLine: 1, endLine: 3, snippet: { text: 'l1\nl2\nl3' } },
      { startLine: 4, endLine: 7, snippet: { text: 'l4\nl5\nl6\nl7' } },
    ]);
  });
  it('cuts long lines, and leaves results alone whose file cannot be read or whose region is past its end', () => {
    const rs = [at('b.js', 1), at('missing.cs', 1), at('a.cs', 99)];
    addContext(rs, read);
    expect(rs[0]!.locations![0]!.physicalLocation!.contextRegion!.snippet!.text).toBe(`one\n${'x'.repeat(240)}…\nthree`);
    expect(rs[1]!.locations![0]!.physicalLocation!.contextRegion).toBeUndefined();
    expect(rs[2]!.locations![0]!.physicalLocation!.contextRegion).toBeUndefined();
  });
});
