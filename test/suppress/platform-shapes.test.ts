// Platform ownership on files in the shapes O11 really ships (fixtures/platform-shapes.ts): every platform file is
// recognised by its content, no developer file is, and each verdict says which marker was found where.
import { describe, expect, it } from 'vitest';
import { decideOwnership, MARKER_CHARS } from '../../src/suppress/platform.js';
import { EVIDENCE_BYTES } from '../../src/suppress/markers.js';
import { developerFiles, outSystemsJs, outSystemsUiJs, platformFiles } from '../../fixtures/platform-shapes.js';

const read = (text: string) => {
  const bytes = Buffer.from(text);
  return { bytes: bytes.subarray(0, EVIDENCE_BYTES), complete: bytes.length <= EVIDENCE_BYTES };
};

describe('platform files in their real shapes', () => {
  const files = Object.entries(platformFiles());

  it('the runtime bundles are as large as the real ones and begin with a library, not the runtime', () => {
    const js = platformFiles()['App/Web/scripts/OutSystems.js']!;
    expect(js.length).toBeGreaterThan(550_000);
    expect(js.startsWith('var requirejs,require,define;')).toBe(true);
  });

  it.each(files)('%s is platform-owned, with markers that point at the file', (path, text) => {
    const v = decideOwnership(path, read(text));
    expect(v.owned, `${path}: ${v.what}`).toBe(true);
    expect(v.markers?.length).toBeGreaterThan(0);
    for (const m of v.markers!) {
      expect(m.text.length).toBeLessThanOrEqual(MARKER_CHARS);
      // A quoted marker is the file's text at its offset; a counted one (modules, namespaces) starts at its first hit.
      if (m.condition === 'modules' || m.condition === 'namespaces') expect(text.slice(m.offset, m.offset + 6)).toMatch(/^(define|namesp)/);
      else expect(text.slice(m.offset).startsWith(m.text.replace(/…$/, ''))).toBe(true);
    }
    // The same content under a developer's name is still the platform's: the path decides nothing.
    expect(decideOwnership('App/Custom/Resources/MyResource.js', read(text)).owned).toBe(true);
  });

  it('the runtime bundle is recognised by its modules and package, and says so', () => {
    const v = decideOwnership('x.js', read(outSystemsJs()));
    expect(v.evidence).toBe('outsystems-client-runtime-bundle');
    expect(v.markers!.map((m) => m.condition)).toEqual(['contains', 'modules']);
    expect(v.markers![0]!.text).toBe('registerPackage("client-runtime-core"');
    expect(v.markers![1]!.text).toMatch(/AMD module\(s\) defined, \d+ with ids/);
  });

  it('OutSystems UI above the bytes read (1 MB) is still recognised from its head', () => {
    const big = outSystemsUiJs({ banner: true, bytes: EVIDENCE_BYTES + 50_000 });
    expect(Buffer.byteLength(big)).toBeGreaterThan(EVIDENCE_BYTES);
    expect(decideOwnership('x.js', read(big))).toMatchObject({ owned: true, evidence: 'outsystems-ui-framework' });
  });
});

describe('developer files', () => {
  it.each(Object.entries(developerFiles()))('%s is not taken for a platform file', (path, text) => {
    expect(decideOwnership(path, read(text))).toMatchObject({ owned: false });
  });

  it('a runtime bundle cut short (not read whole) is not decided by its modules', () => {
    const text = outSystemsJs(100_000);
    expect(decideOwnership('x.js', { bytes: Buffer.from(text), complete: false }).owned).toBe(false);
  });
});
