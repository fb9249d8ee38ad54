// Platform ownership decided by path shape, and by content markers in a file's first bytes where a developer could use the same name.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HEAD_BYTES, markersIn, readHead } from '../../src/suppress/markers.js';
import { isPlatformOwned, platformOwnership } from '../../src/suppress/platform.js';
import { tempDir } from '../support/tmp.js';

const heads: Record<string, string> = {
  'App/Web/scripts/require.js': '/** vim: et:ts=4:sw=4:sts=4\n * @license RequireJS 2.1.22 Copyright (c) 2010-2015, The Dojo Foundation All Rights Reserved.\n */',
  'App/Web/Resources/require.js': '// our own tiny loader\nfunction load(code) { return eval(code); }',
  'App/Web/scripts/OutSystems.js': 'define("OutSystems/ClientRuntime/Main", ["exports"], function (exports) {',
  'App/Web/scripts/Debugger.js': 'var OutSystemsDebugger = OutSystemsDebugger || {};',
  'App/Web/scripts/jquery-ui.js': '/*! jQuery UI - v1.8.24 - 2012-09-28\n* https://github.com/jquery/jquery-ui',
  'App/Web/scripts/jquery.min.js': '/*! jQuery v1.8.3 jquery.com | jquery.org/license */',
  'App/Web/scripts/jquery-3.7.1.min.js': '/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */',
  'App/Web/Blocks/RichWidgets/jQueryUIInternal/jQueryUIInternal.en.js': '/*! jQuery UI - v1.8.24 - 2012-09-28',
  'App/Web/WebWidgets/Button.cs': '/* generated */\nusing System;\nnamespace OutSystems.HubEdition.WebWidgets {',
  'App/Web/WebWidgets/HomeScreen.aspx.cs': '/* generated */\nusing System;\nnamespace ssWeb.Flows.FlowWebWidgets {',
  'App/Crypto/Source/NET/WebWidgets/Helpers.cs': 'using System;\nnamespace OutSystems.NssCrypto.WebWidgets {',
  'App/Web/SqlServerDatabaseProvider/Connection.cs': 'namespace OutSystems.HubEdition.DatabaseProviders.SqlServer {',
};

describe('content markers', () => {
  it('finds library banners and OutSystems runtime names in a head, and only in the first HEAD_BYTES characters', () => {
    expect([...markersIn(heads['App/Web/scripts/jquery-ui.js']!)]).toEqual(['jquery-ui-1.8.24']);
    expect([...markersIn(heads['App/Web/scripts/require.js']!)]).toEqual(['requirejs']);
    expect([...markersIn(heads['App/Web/scripts/jquery-3.7.1.min.js']!)]).toEqual([]);
    expect([...markersIn(' '.repeat(HEAD_BYTES) + '/*! jQuery v1.8.3 */')]).toEqual([]);
  });
  it('reads a bounded head, never outside the root, and nothing when the file is missing', () => {
    const root = tempDir();
    mkdirSync(join(root, 'App'), { recursive: true });
    writeFileSync(join(root, 'App/big.js'), 'x'.repeat(HEAD_BYTES * 3));
    expect(readHead(root, 'App/big.js')).toHaveLength(HEAD_BYTES);
    expect(readHead(root, 'App/none.js')).toBeUndefined();
    expect(readHead(root, '../etc/passwd')).toBeUndefined();
    expect(readHead(root, '/etc/passwd')).toBeUndefined();
  });
});

describe('platform ownership', () => {
  const owned = platformOwnership((rel) => heads[rel]);
  it.each([
    ['App/Web/scripts/require.js', true],
    ['App/Web/Resources/require.js', false],
    ['App/Web/scripts/OutSystems.js', true],
    ['App/Web/scripts/Debugger.js', true],
    ['App/Web/scripts/jquery-ui.js', true],
    ['App/Web/scripts/jquery.min.js', true],
    ['App/Web/scripts/jquery-3.7.1.min.js', false],
    ['App/Web/Blocks/RichWidgets/jQueryUIInternal/jQueryUIInternal.en.js', true],
    ['App/Web/WebWidgets/Button.cs', true],
    ['App/Web/WebWidgets/HomeScreen.aspx.cs', false],
    ['App/Crypto/Source/NET/WebWidgets/Helpers.cs', false],
    ['App/Web/SqlServerDatabaseProvider/Connection.cs', true],
    ['App/Web/scripts/App.MainFlow.Home.mvc.js', false],
  ])('%s → %s (path and markers)', (path, expected) => {
    expect(owned(path)).toBe(expected);
  });
  it('reads each file head once, and only for names that need it', () => {
    const reads: string[] = [];
    const o = platformOwnership((rel) => (reads.push(rel), heads[rel]));
    for (let i = 0; i < 3; i++) o('App/Web/scripts/require.js');
    o('App/Web/_osjs.js');
    o('App/Web/Actions/ActionLogin.cs');
    expect(reads).toEqual(['App/Web/scripts/require.js']);
  });
  it('by path alone, a name a developer could use is the developer\'s', () => {
    expect(isPlatformOwned('App/Web/scripts/require.js')).toBe(false);
    expect(platformOwnership()('App/Web/scripts/require.js')).toBe(false);
  });
});
