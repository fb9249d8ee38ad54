import { describe, expect, it } from 'vitest';
import { pathSignature } from '../../src/cache/keys.js';

describe('path signature of a cached file', () => {
  it('is the file name alone when no rule has path patterns', () => {
    const sig = pathSignature([]);
    expect(sig('App/A/scripts/OutSystems.js')).toBe(sig('App/B/scripts/OutSystems.js'));
    expect(sig('App/A/scripts/OutSystems.js')).not.toBe(sig('App/A/scripts/OutSystems.ts'));
  });

  it('tells apart folders a slash-free pattern matches', () => {
    const sig = pathSignature(['*.js', 'legacy', 'tests/']);
    expect(sig('App/A/scripts/x.js')).toBe(sig('App/B/other/x.js'));
    expect(sig('App/A/legacy/x.js')).not.toBe(sig('App/A/scripts/x.js'));
    expect(sig('App/A/tests/x.js')).not.toBe(sig('App/A/scripts/x.js'));
    expect(sig('App/lib.js/x.txt')).not.toBe(sig('App/lib/x.txt'));
  });

  it('is the whole path when a pattern has a slash inside', () => {
    const sig = pathSignature(['*.js', 'src/**/generated']);
    expect(sig('App/A/x.js')).not.toBe(sig('App/B/x.js'));
    expect(sig('App/A/x.js')).toBe('path:App/A/x.js');
  });

  it('matches a hostile pattern from a rule file in linear time, and falls back to the whole path for extglobs', () => {
    const sig = pathSignature([`${'*a'.repeat(30)}*b`]);
    const folder = 'a'.repeat(5000);
    const started = Date.now();
    expect(sig(`App/${folder}/x.js`)).toBe('name:x.js|0');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pathSignature(['+(legacy|old)'])('App/A/x.js')).toBe('path:App/A/x.js');
  });
});
