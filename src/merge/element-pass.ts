// Puts each result's Service Studio element (properties["ossast/element"]) on the results of one merged run.
import type { Result } from 'sarif';
import { ELEMENT_KEY } from '../model/element.js';
import { findElement } from './element.js';
import { modulePathOf } from './fingerprint.js';

/** Files larger than this are judged by their path alone (their element comes from the code above a finding). */
const MAX_READ_CHARS = 8_000_000;
/** Only these files' content names elements; others are judged by their path. */
const READ_PATHS = /\.(?:cs|mvc\.js)$/;

/**
 * Sets the element of every result whose generated code shows one, in place. Results come in position order, so each
 * file is read and split once. A result read back from an earlier ossast log keeps its element when the sources are
 * not at hand (readSource undefined).
 */
export function setElements(results: Result[], readSource: ((relPath: string) => string | undefined) | undefined): void {
  let current: { uri: string; lines: string[] | undefined } | undefined;
  for (const r of results) {
    const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    if (!uri) continue;
    if (!readSource && r.properties?.[ELEMENT_KEY] !== undefined) continue;
    const { module, path } = modulePathOf(r);
    const source = () => {
      if (!readSource || !READ_PATHS.test(uri)) return undefined;
      if (current?.uri !== uri) {
        const text = readSource(uri);
        current = { uri, lines: text === undefined || text.length > MAX_READ_CHARS ? undefined : text.split(/\r\n|\r|\n/) };
      }
      return current.lines;
    };
    const element = findElement(module, path, r.locations?.[0]?.physicalLocation?.region?.startLine, source);
    if (element) (r.properties ??= {})[ELEMENT_KEY] = element;
    else if (r.properties?.[ELEMENT_KEY] !== undefined) delete r.properties[ELEMENT_KEY];
  }
}
