// Rule help Markdown as the safe tree the page renders: the subset it knows, everything else literal text.
import { describe, expect, it } from 'vitest';
import { markdownTree } from '../../src/report/html-markdown.js';

describe('help Markdown tree', () => {
  it('reads paragraphs, emphasis, code, http(s) links and lists', () => {
    const md = '**Fix:** use `EncodeSql` or _parameters_.\nSee [the guide](https://success.outsystems.com/x?a=1).\n\n- one *item*\n- two\n  continued\n\n1. first\n2. second\n\n```\nSELECT 1;\n```';
    expect(markdownTree(md)).toEqual([
      { t: 'p', c: [{ t: 'strong', c: ['Fix:'] }, ' use ', { t: 'code', c: 'EncodeSql' }, ' or ', { t: 'em', c: ['parameters'] }, '. See ', { t: 'a', href: 'https://success.outsystems.com/x?a=1', c: ['the guide'] }, '.'] },
      { t: 'ul', c: [['one ', { t: 'em', c: ['item'] }], ['two continued']] },
      { t: 'ol', c: [['first'], ['second']] },
      { t: 'pre', c: 'SELECT 1;' },
    ]);
  });

  it('keeps raw HTML, images, other link schemes and unclosed marks as text', () => {
    const md = '<img src=x onerror=alert(1)> ![i](https://e.example/i.png) [x](javascript:alert(1)) [y](data:text/html,hi) <mailto:a@b.c> *open snake_case_name 2 * 3';
    const tree = markdownTree(md);
    expect(tree).toHaveLength(1);
    const links = JSON.stringify(tree).match(/"href":"[^"]*"/g);
    // The image's target is an http(s) link (shown as a link, never loaded); nothing else links.
    expect(links).toEqual(['"href":"https://e.example/i.png"']);
    const texts = (tree[0]!.c as unknown[]).filter((n) => typeof n === 'string').join('');
    expect(texts).toContain('<img src=x onerror=alert(1)>');
    expect(texts).toContain('[x](javascript:alert(1))');
    expect(texts).toContain('[y](data:text/html,hi)');
    expect(texts).toContain('<mailto:a@b.c>');
    expect(texts).toContain('*open snake_case_name 2 * 3');
  });

  it('reads headings as strong paragraphs and backslash escapes as the character', () => {
    expect(markdownTree('## Why\n\\*not emphasis\\*')).toEqual([
      { t: 'p', c: [{ t: 'strong', c: ['Why'] }] },
      { t: 'p', c: ['*not emphasis*'] },
    ]);
  });

  it('stays fast on hostile input (many unclosed marks)', () => {
    const started = performance.now();
    markdownTree(`${'*a _b `c [d '.repeat(1000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
