// Platform libraries found by content: banners in the first comment, the runtime bundles' AMD module ids and version
// strings (shaped like real O11 module files), never a file name; and the vendor statements for the versions found.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { librariesIn, librariesOf, npmPurl, vexStatementsFor } from '../../src/evidence/libraries.js';
import { tempDir } from '../support/tmp.js';

// Heads shaped like the real files: React's and ReactDOM's UMD builds at the start of OutSystemsReactView.js, the
// minified RequireJS at the start of OutSystems.js (module bodies elided).
const REACT_VIEW =
  '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?t(exports):"function"==typeof define&&define.amd?define("react",["exports"],t):(e=e||self,t(e.React={}))}(this,function(e){e.Children={},e.version="16.14.0"}),' +
  'function(e,t){"function"==typeof define&&define.amd?define("react-dom",["exports","react"],t):t(e.ReactDOM={},e.React)}(this,function(e,t){var x={bundleType:0,version:"16.14.0",rendererPackageName:"react-dom"}}),' +
  '"function"==typeof define&&define.amd?define("prop-types",[],e):0;"function"==typeof define&&define.amd?define("history",["exports"],t):0;';
const RUNTIME = 'var requirejs,require,define;!function(global,setTimeout){var req,s,head,version="2.3.6",commentRegExp=/x/;}();define("tslib",["exports"],function(){});define("decimal",[],function(){});';

describe('libraries by content', () => {
  it('reads jQuery, jQuery UI, RequireJS and swagger-ui banners from the first comment', () => {
    expect(librariesIn('/*!\n * jQuery JavaScript Library v1.8.3\n */\n(function(){})();')).toEqual([{ name: 'jquery', version: '1.8.3', evidence: 'jQuery banner in the first comment' }]);
    expect(librariesIn('/*! jQuery UI - v1.8.24 - 2012-09-28 */').map((f) => [f.name, f.version])).toEqual([['jquery-ui', '1.8.24']]);
    expect(librariesIn('/** vim: et:ts=4:sw=4:sts=4\n * @license RequireJS 2.1.22 Copyright jQuery Foundation */').map((f) => [f.name, f.version])).toEqual([['requirejs', '2.1.22']]);
    expect(librariesIn('// swagger-ui.js\n// version 2.0.0\n$(function(){});').map((f) => [f.name, f.version])).toEqual([['swagger-ui', '2.0.0']]);
  });

  it('finds React 16.14.0, ReactDOM and the AMD-bundled libraries of the Reactive runtime files', () => {
    expect(librariesIn(REACT_VIEW).map((f) => [f.name, f.version])).toEqual([
      ['react', '16.14.0'],
      ['react-dom', '16.14.0'],
      ['prop-types', undefined],
      ['history', undefined],
    ]);
    expect(librariesIn(RUNTIME).map((f) => [f.name, f.version])).toEqual([
      ['requirejs', '2.3.6'],
      ['tslib', undefined],
      ['decimal.js', undefined],
    ]);
  });

  it("ignores a banner after code, and a developer's file of any name", () => {
    expect(librariesIn(`${'x();\n'.repeat(600)}/* jQuery JavaScript Library v1.8.3 */`)).toEqual([]);
    expect(librariesIn('define("MyApp.MainFlow.Home.mvc$model", [], function () {});')).toEqual([]);
  });

  it('writes package URLs as the purl specification asks', () => {
    expect(npmPurl('jquery', '1.8.3')).toBe('pkg:npm/jquery@1.8.3');
    expect(npmPurl('@outsystems/x')).toBe('pkg:npm/%40outsystems/x');
  });

  it('walks a module folder, naming each file and its SHA-256, and states the vendor position for the versions found', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    writeFileSync(join(dir, '_osjs.js'), '/*!\n * jQuery JavaScript Library v1.8.3\n */\nvar OsJS = 1;');
    writeFileSync(join(dir, 'scripts', 'OutSystemsReactView.js'), REACT_VIEW);
    writeFileSync(join(dir, 'scripts', 'jquery.js.txt'), '/*! jQuery JavaScript Library v3.7.1 */');
    const found = await librariesOf({ id: 'App/Mod', module: 'Mod', dir, origin: { kind: 'folder', path: dir } });
    expect(found.map((f) => `${f.file} ${f.purl}`)).toEqual([
      '_osjs.js pkg:npm/jquery@1.8.3',
      'scripts/OutSystemsReactView.js pkg:npm/react@16.14.0',
      'scripts/OutSystemsReactView.js pkg:npm/react-dom@16.14.0',
      'scripts/OutSystemsReactView.js pkg:npm/prop-types',
      'scripts/OutSystemsReactView.js pkg:npm/history',
    ]);
    expect(found[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const statements = await vexStatementsFor(found);
    expect(statements.map((s) => s.id)).toEqual(['CVE-2012-6708', 'CVE-2015-9251', 'CVE-2019-11358', 'CVE-2020-7656', 'CVE-2020-11023']);
    expect(statements[0]).toMatchObject({ library: 'jquery', version: '1.8.3', state: 'false_positive', source: { url: 'https://success.outsystems.com/Support/Security/FALSE_POSITIVE_-_jQuery_1.8.3_flagged_as_a_vulnerable_library' } });
    expect(await vexStatementsFor(found.filter((f) => f.name !== 'jquery'))).toEqual([]);
  });
});
