// The evidence that a file is the OutSystems platform's (or an OutSystems-supplied library's): library banners, runtime signatures and known hashes, read from the file's content, never from its name.

/**
 * One kind of evidence. Every condition given must hold, each at a fixed place in the file:
 * - `banner`: matches the file's leading comments (the comments before the first line of code, markers included), where
 *   the library's own build puts its banner; a banner anywhere else (after code, in a later comment) is no evidence.
 * - `first`: the first line of code (after the leading comments; in C#, after the `using` directives) starts like this.
 * - `near`: this text within the first `within` characters after the leading comments (a bundle's known module).
 * - `namespaces`: C# only: every `namespace` the whole file declares is one of these (a file that also declares a
 *   developer's namespace is not the runtime's).
 * - `contains`: each of these matches somewhere in the part of the file read (no `g` flag).
 * - `modules`: JavaScript: every AMD module the whole file defines with a literal id (`define("id", …)`) has an id
 *   matching `own` or `others`, and at least `min` match `own` (a bundle that also defines a developer's module is not
 *   the platform's); `partial`: the part read is enough (generated scripts larger than what is read).
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
  contains?: readonly RegExp[];
  modules?: { own: RegExp; others?: RegExp; min: number; partial?: boolean };
}

const APACHE = 'Licensed to the Apache Software Foundation';
/** AMD ids of the client runtime's own modules. */
const RUNTIME_MODULE = /^OutSystems\/(?:ClientRuntime|ReactView|ReactWidgets)\//;
/** AMD ids of the libraries the runtime bundles define beside its own (RequireJS, tslib, polyfills, React and its
 *  router, number and date helpers, packages under OutSystems' npm scope). */
const RUNTIME_LIBRARY =
  /^(?:requireLib|tslib|es6-promise|es6-map|es6-set|decimal|long|path-to-regexp|toformat|react|react-dom|react-router-dom|react-transition-group|prop-types|history|query-string|fastclick|classnames|@outsystems\/[\w./-]+)$/;
/** AMD ids of the scripts of OutSystems-supplied modules. */
const SUPPLIED_MODULE = /^(?:OutSystemsUI|RichWidgets|ServiceCenter|Users|OutSystemsCharts|CommonPlugin)\./;
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
 * From deployed O11 apps (Reactive, Mobile, Traditional Web; see docs/platform-ownership.md): the runtime bundles
 * `OutSystems.js` and `OutSystemsReactView.js` begin with a minified library (RequireJS, React) and register their
 * package with `registerPackage("client-runtime-…")`; `Debugger.js` quotes its module ids with single quotes; O11
 * platform scripts such as `_osjs.js` open with "OutSystems Platform Server <version>"; OutSystems UI's scripts, its
 * bundled web-pull-to-refresh library and the `@outsystems/…` Cordova plugins have the heads given below.
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
    // The npm scope @outsystems is OutSystems': the Cordova CLI writes the plugin id from its plugin.xml.
    id: 'outsystems-cordova-plugin-module',
    what: 'Cordova plugin module of an @outsystems plugin (cordova.define("@outsystems/…"))',
    types: ['.js'],
    first: /^cordova\.define\(\s*["']@outsystems\/[\w.-]+\.[\w$@.-]+["']/,
  },
  {
    id: 'cordova-plugin-list',
    what: "Cordova's generated plugin list (cordova.define('cordova/plugin_list') with module.exports = [ first)",
    types: ['.js'],
    first: /^cordova\.define\(\s*["']cordova\/plugin_list["'],\s*function\s*\(require,\s*exports,\s*module\)\s*\{\s*module\.exports\s*=\s*\[/,
  },
  {
    id: 'cordova-js-source',
    what: "cordova-js platform source: Apache licence in the leading comment and Cordova's own module ids (require('cordova/…'))",
    types: ['.js'],
    banner: apache,
    contains: [/\brequire\(\s*["']cordova\/[\w/]+["']\s*\)|\bid: ["'](?:ios|android)["'],\s*bootstrap:/],
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
  {
    id: 'outsystems-client-runtime-amd',
    what: 'OutSystems client runtime AMD modules (define("OutSystems/…") first, and every module the file defines is the runtime\'s)',
    types: ['.js'],
    first: /^define\(\s*(["'])OutSystems\/[A-Za-z]+\/[^"']+\1/,
    modules: { own: RUNTIME_MODULE, others: RUNTIME_LIBRARY, min: 1 },
  },
  {
    // OutSystems.js and OutSystemsReactView.js are minified bundles that begin with a library (RequireJS, React):
    // the runtime's own modules come later, and the bundle registers its package version with the runtime.
    id: 'outsystems-client-runtime-bundle',
    what: 'OutSystems client runtime bundle: registers a client-runtime package, defines OutSystems/… AMD modules and only the libraries the runtime bundles',
    types: ['.js'],
    contains: [/registerPackage\(\s*["']client-runtime-[a-z-]+["']/],
    modules: { own: RUNTIME_MODULE, others: RUNTIME_LIBRARY, min: 3 },
  },
  {
    // Module names are unique in an environment, and these are the names of OutSystems' system modules (ServiceCenter,
    // Users: present in every O11 environment) and of modules OutSystems publishes (OutSystems UI, RichWidgets,
    // OutSystems Charts, Common Plugin). Consumer modules ship copies of their scripts.
    id: 'outsystems-supplied-module-amd',
    what: 'AMD modules of an OutSystems-supplied module (define("OutSystemsUI.…"), "ServiceCenter.…", …; every module the file defines has that name)',
    types: ['.js'],
    first: /^define\(\s*(["'])(?:OutSystemsUI|RichWidgets|ServiceCenter|Users|OutSystemsCharts|CommonPlugin)\.[\w$.]+\1/,
    modules: { own: SUPPLIED_MODULE, min: 1, partial: true },
  },
  {
    // The first line of an O11 platform script such as _osjs.js ("OutSystems Platform Server 11.27.0.42818"), then
    // the platform's jQuery namespace.
    id: 'outsystems-platform-server-script',
    what: "OutSystems Platform Server banner (with its version) in the leading comment, and the platform's jQuery namespace outsystems.internal.$",
    types: ['.js'],
    banner: /OutSystems Platform Server \d+\.\d+\.\d+\.\d+/,
    contains: [/\boutsystems\.internal\.\$/],
  },
  {
    id: 'outsystems-ui-framework',
    what: "OutSystems UI framework script (the osui namespace first, then OSUIVersion = '<version>')",
    types: ['.js'],
    first: /^"use strict";\s*var osui;\s*\(function \(osui\) \{/,
    near: { text: "OSUIVersion = '", within: 32_768 },
  },
  {
    id: 'outsystems-ui-made-with',
    what: 'OutSystems UI "Made with OutSystems" badge script (OutSystems and osui namespaces, StartMadeWithOS)',
    types: ['.js'],
    first: /^"use strict";\s*var OutSystems,\s*osui;/,
    near: { text: 'StartMadeWithOS', within: 4096 },
  },
  {
    id: 'outsystems-ui-offline-data-sync',
    what: 'OutSystems UI offline data sync script (its config object first, window.offlineDataSync set at the end)',
    types: ['.js'],
    first: /^\(function\s*\(\)\s*\{\s*var config = \{\s*syncOnOnline:/,
    near: { text: 'window.offlineDataSync = OfflineDataSync', within: 16_384 },
  },
  {
    id: 'outsystems-ui-touch-track',
    what: 'OutSystems UI TouchTrack script (function TouchTrack first, its start/move/end callbacks)',
    types: ['.js'],
    first: /^function TouchTrack\(\) \{/,
    near: { text: 'var callbackStart, callbackMove, callbackEnd;', within: 1024 },
  },
  {
    id: 'web-pull-to-refresh',
    what: 'web-pull-to-refresh library (bundled by OutSystems UI): its banner, then var WebPullToRefresh',
    types: ['.js'],
    // The banner is the whole leading comment: a copy customised by someone else says so below it, and is theirs.
    banner: /^\/\/ Web Pull to Refresh\r?\n\/\/ https:\/\/github\.com\/apeatling\/web-pull-to-refresh\r?\n\/\/ License: MIT\r?\n?$/,
    first: /^var WebPullToRefresh = \(function/,
  },
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
