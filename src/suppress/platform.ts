// Where code owned by the OutSystems platform (not written by the app's developers) lives in a package.
import { globMatcher } from '../util/glob.js';

/** Platform runtime, bundled libraries and platform-generated helper files. A developer's screens, actions,
 *  entities and scripts are generated too and carry the same header, so they are deliberately NOT listed here. */
export const PLATFORM_OWNED_GLOBS = [
  '**/_osjs.js',
  '**/osjs.js',
  '**/scripts/OutSystems/**',
  '**/OutSystems/ClientRuntime/**',
  '**/OutSystemsReactWidgets.js',
  '**/OutSystemsReactView.js',
  '**/OutSystemsManifestLoader.js',
  '**/cordova.js',
  '**/cordova_plugins.js',
  '**/plugins/cordova-*/**',
  '**/plugins/outsystems-*/**',
  '**/shred.bundle.js',
  '**/swagger-ui*.js',
  '**/jquery.js',
  '**/jquery-*.js',
  '**/jquery.*.js',
  '**/jquery-ui*.js',
  '**/_image.aspx',
  '**/_image.aspx.cs',
  '**/_debugger.asmx',
  '**/_debugger.asmx.cs',
  '**/referencesProxy/**',
  '**/OutSystems.RuntimeCommon/**',
  '**/OutSystems.HubEdition.*/**',
  '**/RuntimePlatform/**',
  '**/DatabaseProviders/**',
];

const matcher = globMatcher(PLATFORM_OWNED_GLOBS, { separator: '/', nocase: true });

export function isPlatformOwned(relPath: string): boolean {
  return matcher(relPath);
}
