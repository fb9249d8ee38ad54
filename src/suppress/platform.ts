// Where code owned by the OutSystems platform or an OutSystems-supplied module lives in a package: by path shape, and by content marker where a developer could use the same name.
import { globMatcher } from '../util/glob.js';
import { markersIn, type MarkerId } from './markers.js';

/**
 * Paths only the platform or OutSystems-supplied modules write: runtime scripts, bundled libraries, platform pages,
 * reference proxies, RichWidgets and OutSystems UI. A developer's screens, actions, entities and scripts are generated
 * too and carry the same header, so they are deliberately NOT listed here.
 */
export const PLATFORM_OWNED_GLOBS = [
  // Traditional Web client bundle (jQuery 1.8.3 inside) and platform pages.
  '**/_osjs.js',
  '**/osjs.js',
  '**/_image.aspx',
  '**/_image.aspx.cs',
  '**/_debugger.asmx',
  '**/_debugger.asmx.cs',
  '**/referencesProxy/**',
  // Reactive and mobile client runtime.
  '**/scripts/OutSystems/**',
  '**/OutSystems/ClientRuntime/**',
  '**/OutSystemsReactWidgets.js',
  '**/OutSystemsReactView.js',
  '**/OutSystemsManifestLoader.js',
  // OutSystems-supplied modules: their blocks and scripts inside a consumer module, or the module itself in the package.
  '**/Blocks/RichWidgets/**',
  '*/RichWidgets/**',
  '**/scripts/OutSystemsUI.*',
  '*/OutSystemsUI/**',
  '**/scripts/ServiceCenter.*',
  // Runtime source shipped in the package.
  '**/OutSystems.RuntimeCommon/**',
  '**/OutSystems.HubEdition.*/**',
  // Mobile build: Cordova and its plugins, swagger-ui of exposed REST APIs.
  '**/cordova.js',
  '**/cordova_plugins.js',
  '**/plugins/cordova-*/**',
  '**/plugins/outsystems-*/**',
  '**/shred.bundle.js',
  '**/swagger-ui*.js',
];

/**
 * Names a developer could give a file too (a script called require.js, a flow folder called WebWidgets): platform-owned
 * only when the file's first bytes carry one of the markers.
 */
export const MARKED_GLOBS: { glob: string; markers: MarkerId[] }[] = [
  { glob: '**/require.js', markers: ['requirejs'] },
  { glob: '**/OutSystems.js', markers: ['outsystems-client-runtime'] },
  { glob: '**/Debugger.js', markers: ['outsystems-debugger'] },
  { glob: '**/jquery*.js', markers: ['jquery-1.8.3', 'jquery-ui-1.8.24'] },
  { glob: '**/jQueryUI*.js', markers: ['jquery-ui-1.8.24'] },
  ...['DatabaseAbstractionLayer', 'WebWidgets', 'WidgetsRuntimeAPI', 'RuntimePlatform', 'DatabaseProviders', '*DatabaseProvider'].map((folder) => ({ glob: `**/${folder}/**/*.cs`, markers: ['outsystems-runtime-namespace' as const] })),
];

// Compiled on first use: a gate with nothing to match loads no pattern engine.
let compiled: { sure: (relPath: string) => boolean; marked: { test: (relPath: string) => boolean; markers: MarkerId[] }[] } | undefined;
function globs(): NonNullable<typeof compiled> {
  compiled ??= {
    sure: globMatcher(PLATFORM_OWNED_GLOBS, { separator: '/', nocase: true }),
    marked: MARKED_GLOBS.map((m) => ({ test: globMatcher([m.glob], { separator: '/', nocase: true }), markers: m.markers })),
  };
  return compiled;
}
const sure = (relPath: string) => globs().sure(relPath);

/** By path alone: true only for paths no developer file can have. Files that need a look inside count as the developer's. */
export function isPlatformOwned(relPath: string): boolean {
  return sure(relPath);
}

/**
 * The full ownership test: the path shapes, then, for names a developer could use too, the markers in the file's head
 * (`headOf` reads it; pass nothing to decide by path alone). Each file's head is read at most once.
 */
export function platformOwnership(headOf?: (relPath: string) => string | undefined): (relPath: string) => boolean {
  const cache = new Map<string, boolean>();
  return (relPath) => {
    if (sure(relPath)) return true;
    if (!headOf) return false;
    const cached = cache.get(relPath);
    if (cached !== undefined) return cached;
    const gate = globs().marked.filter((m) => m.test(relPath));
    let owned = false;
    if (gate.length) {
      const found = markersIn(headOf(relPath) ?? '');
      owned = gate.some((g) => g.markers.some((id) => found.has(id)));
    }
    cache.set(relPath, owned);
    return owned;
  };
}
