// The evidence that a file is the OutSystems platform's (or an OutSystems-supplied library's): library banners, runtime signatures and known hashes, read from the file's content, never from its name.

/**
 * One kind of evidence. Every condition given must hold, each at a fixed place in the file:
 * - `banner`: matches the file's leading comments (the comments before the first line of code, markers included), where
 *   the library's own build puts its banner; a banner anywhere else (after code, in a later comment) is no evidence.
 * - `first`: the first line of code (after the leading comments; in C#, after the `using` directives) starts like this.
 * - `near`: this text within the first `within` characters after the leading comments (a bundle's known module).
 * - `namespaces`: C# only: every `namespace` the whole file declares is one of these (a file that also declares a
 *   developer's namespace is not the runtime's).
 * The path is never part of the evidence: a developer can deploy a resource to any folder under any name.
 */
export interface EvidenceRule {
  id: string;
  /** What was found, for the log, the SARIF suppression and the manifest. */
  what: string;
  /** File name endings (lower case) whose content this rule reads. */
  types: readonly string[];
  banner?: RegExp;
  first?: RegExp;
  near?: { text: string; within: number };
  namespaces?: RegExp;
}

const APACHE = 'Licensed to the Apache Software Foundation';
const apache = /Licensed to the Apache Software Foundation/;

/**
 * The table. Facts from the published files: jQuery's and jQuery UI's banners as their builds write them (the versions
 * OutSystems 11 bundles: jQuery 1.8.3 in `_osjs.js`, jQuery UI 1.8.24 in RichWidgets); RequireJS's `@license` banner;
 * cordova.js's build (`var PLATFORM_VERSION_BUILD_LABEL` after the Apache licence) and the `cordova.define("<plugin>.<module>")`
 * wrapper the Cordova CLI puts around every plugin script; swagger-ui 2.x's `// swagger-ui.js` / `// version 2.` head and
 * its `shred.bundle.js` (a browserify bundle whose module "/shred.js" follows the bundler's prelude); the AMD module ids
 * the client runtime defines (`OutSystems/ClientRuntime/...`, ids no generated application module can have: those are
 * `<Module>.<Flow>...`, without "/"); the runtime's C# namespaces (`OutSystems.HubEdition.*`, `OutSystems.RuntimeCommon`...)
 * and the generated namespaces of OutSystems-supplied modules (`ssRichWidgets`, `ssOutSystemsUI`); RichWidgets' block
 * scripts, which declare `RichWidgets_<Block>_...` globals first; the platform pages `_image` and `_debugger`.
 */
export const PLATFORM_EVIDENCE: readonly EvidenceRule[] = [
  { id: 'jquery-1.8.3-banner', what: 'jQuery 1.8.3 banner in the leading comment (the version OutSystems 11 bundles)', types: ['.js'], banner: /jQuery (?:JavaScript Library )?v1\.8\.3\b/ },
  { id: 'jquery-ui-1.8.24-banner', what: 'jQuery UI 1.8.24 banner in the leading comment (bundled by RichWidgets)', types: ['.js'], banner: /jQuery UI (?:- v)?1\.8\.24\b/ },
  { id: 'requirejs-banner', what: 'RequireJS @license banner in the leading comment', types: ['.js'], banner: /@license RequireJS \d/ },
  {
    id: 'cordova-js-build',
    what: 'cordova.js build: Apache licence in the leading comment, then var PLATFORM_VERSION_BUILD_LABEL',
    types: ['.js'],
    banner: apache,
    first: /^;?\s*(?:\(function\s*\(\)\s*\{\s*)?var PLATFORM_VERSION_BUILD_LABEL\s*=/,
  },
  {
    id: 'cordova-plugin-module',
    what: 'Cordova plugin module: cordova.define("cordova-plugin-…") wrapper with the Apache licence',
    types: ['.js'],
    first: /^cordova\.define\(\s*["'](?:cordova-plugin-[\w.-]+|cordova\/plugin_list)["']/,
    near: { text: APACHE, within: 600 },
  },
  {
    id: 'cordova-inappbrowser-test-page',
    what: 'InAppBrowser plugin test page: Apache licence in the leading HTML comment, title "IAB test page"',
    types: ['.html', '.htm'],
    banner: apache,
    near: { text: '<title>IAB test page</title>', within: 1024 },
  },
  { id: 'swagger-ui-2', what: 'swagger-ui 2.x head (// swagger-ui.js, // version 2.)', types: ['.js'], banner: /^\/\/ swagger-ui\.js\r?\n\/\/ version 2\./ },
  {
    id: 'shred-bundle',
    what: 'swagger-ui\'s shred.bundle.js: browserify prelude then the module "/shred.js"',
    types: ['.js'],
    first: /^var require = function \(file, cwd\) \{/,
    near: { text: 'require.define("/shred.js"', within: 16_384 },
  },
  { id: 'outsystems-client-runtime-amd', what: 'AMD module id of the OutSystems client runtime (define("OutSystems/…"))', types: ['.js'], first: /^define\(\s*"OutSystems\/[A-Za-z]+\// },
  { id: 'outsystems-supplied-module-amd', what: 'AMD module of an OutSystems-supplied module (define("OutSystemsUI.…") / define("RichWidgets.…"))', types: ['.js'], first: /^define\(\s*"(?:OutSystemsUI|RichWidgets)\.[\w$.]+"/ },
  { id: 'richwidgets-block-script', what: 'RichWidgets block script (declares a RichWidgets_<Block>_ global first)', types: ['.js'], first: /^(?:var|function)\s+RichWidgets_[A-Za-z]+_\w+/ },
  { id: 'outsystems-debugger', what: 'OutSystems client debugger (var OutSystemsDebugger)', types: ['.js'], first: /^var OutSystemsDebugger\b/ },
  { id: 'outsystems-manifest-loader', what: 'OutSystems mobile manifest loader (var OSManifestLoader)', types: ['.js'], first: /^var OSManifestLoader\b/ },
  {
    id: 'outsystems-runtime-namespace',
    what: 'C# declaring only OutSystems runtime namespaces (OutSystems.HubEdition.*, OutSystems.RuntimeCommon, …)',
    types: ['.cs'],
    first: /^namespace OutSystems\.(?:HubEdition|RuntimeCommon|RuntimePublic|Internal|ObjectKeys|RESTService)\b/,
    namespaces: /^OutSystems\.(?:HubEdition|RuntimeCommon|RuntimePublic|Internal|ObjectKeys|RESTService)(?:\.[\w.]+)?$/,
  },
  {
    // Platform pages are named with a leading underscore, which Service Studio does not allow in element names.
    id: 'outsystems-platform-page',
    what: "C# platform page class (_image, _debugger) in the module's generated namespace",
    types: ['.cs'],
    first: /^namespace ss\w+\s*\{\s*(?:\[[^\]\n]*\]\s*)*public (?:partial )?class _(?:image|debugger)\b/,
    namespaces: /^ss\w+$/,
  },
  {
    id: 'outsystems-supplied-module-namespace',
    what: 'C# declaring only the namespaces of an OutSystems-supplied module (ssRichWidgets, ssOutSystemsUI)',
    types: ['.cs'],
    first: /^namespace ss(?:RichWidgets|OutSystemsUI)\b/,
    namespaces: /^ss(?:RichWidgets|OutSystemsUI)(?:\.[\w.]+)?$/,
  },
];

/**
 * SHA-256 (hex) of whole files OutSystems publishes, each with what it is. A match is the strongest evidence (the
 * file is byte for byte the published one); the table is filled from a verified platform installation (the hashes of
 * the files of a given Platform Server version), and empty until then: ownership then rests on PLATFORM_EVIDENCE.
 */
export const PLATFORM_FILE_HASHES: readonly { sha256: string; what: string }[] = [];
