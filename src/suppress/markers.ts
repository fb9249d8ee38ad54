// Content markers that tell a platform file from a developer's file of the same name: library banners and OutSystems runtime names in a file's first bytes.
import { readSync } from 'node:fs';
import { withSourceFile } from '../util/source-file.js';

/** How much of a file is read for markers: banners and namespaces sit in the first lines. */
export const HEAD_BYTES = 4096;

/**
 * Each marker is a set of literal texts (matched with `includes`, no regular expression): any one present in the head
 * means the marker is there. The versions are the ones the OutSystems 11 platform bundles (jQuery 1.8.3, jQuery UI
 * 1.8.24); another version in a file of the same name is the developer's own copy.
 */
export const MARKERS = {
  'jquery-1.8.3': ['jQuery v1.8.3', 'jQuery JavaScript Library v1.8.3'],
  'jquery-ui-1.8.24': ['jQuery UI - v1.8.24', 'jQuery UI 1.8.24'],
  requirejs: ['@license RequireJS '],
  /** The client runtime defines the AMD modules every generated *.mvc.js requires ("OutSystems/ClientRuntime/Main"). */
  'outsystems-client-runtime': ['define("OutSystems/ClientRuntime/'],
  /** The client debugger defines the OutSystemsDebugger object generated screens call. */
  'outsystems-debugger': ['var OutSystemsDebugger ', 'OutSystemsDebugger = '],
  /** Runtime source declares the runtime's namespaces; generated application code lives in ss<Module> namespaces and
   *  extension code in OutSystems.Nss<Extension>, neither of which is listed here. */
  'outsystems-runtime-namespace': ['namespace OutSystems.HubEdition.', 'namespace OutSystems.RuntimeCommon', 'namespace OutSystems.RuntimePublic.', 'namespace OutSystems.Internal.', 'namespace OutSystems.ObjectKeys', 'namespace OutSystems.RESTService'],
} as const satisfies Record<string, readonly string[]>;

export type MarkerId = keyof typeof MARKERS;

/** The markers present in a file's head. Pure; the text is cut to HEAD_BYTES characters first. */
export function markersIn(head: string): Set<MarkerId> {
  const text = head.length > HEAD_BYTES ? head.slice(0, HEAD_BYTES) : head;
  const found = new Set<MarkerId>();
  for (const [id, texts] of Object.entries(MARKERS) as [MarkerId, readonly string[]][]) if (texts.some((t) => text.includes(t))) found.add(id);
  return found;
}

/**
 * The first HEAD_BYTES bytes of `root/relPath` as text, or undefined when the path leaves the root or cannot be read
 * (then no marker is found and the file counts as the developer's: never more suppression on a read error).
 */
export function readHead(root: string, relPath: string): string | undefined {
  return withSourceFile(root, relPath, Number.MAX_SAFE_INTEGER, (fd) => {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  });
}
