// SARIF written on Windows (file:///C:/..., C:\..., backslashes, --source-root C:\...) merges to the same relative paths as on Linux.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { relativeUri, rootUri } from '../../src/model/locations.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { parseSarif } from '../../src/model/sarif.js';
import { foreignRuns } from '../../src/merge/external-log.js';
import { renderReports, contentText } from '../../src/report/index.js';
import { reportInput } from '../support/report-input.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const fixture = readFileSync(join(import.meta.dirname, '../fixtures/sarif/semgrep-1.180.0.sarif'), 'utf8');
const LINUX_URI = '"uri":"App/Mod/scripts/Mod.controller.js"';
/** The recorded Semgrep log with its file named as a Windows tool names it. */
const windowsLog = (uri: string) => fixture.split(LINUX_URI).join(`"uri":${JSON.stringify(uri)}`);

describe('relativeUri with Windows paths', () => {
  it.each([
    ['file:///C:/build/src/App/Mod/x.cs', 'C:\\build\\src'],
    ['file:///c:/Build/SRC/App/Mod/x.cs', 'C:\\build\\src'],
    ['file:/C:/build/src/App/Mod/x.cs', 'C:\\build\\src\\'],
    ['C:\\build\\src\\App\\Mod\\x.cs', 'C:\\build\\src'],
    ['C:/build/src/App/Mod/x.cs', 'C:/build/src/'],
    ['App\\Mod\\x.cs', 'C:\\build\\src'],
    ['.\\App\\Mod\\x.cs', '/work/src'],
    ['\\\\server\\share\\src\\App\\Mod\\x.cs', '\\\\server\\share\\src'],
    ['file://server/share/src/App/Mod/x.cs', '\\\\server\\share\\src'],
    ['file:///work/src/App/Mod/x.cs', '/work/src'],
  ])('%s under %s is App/Mod/x.cs', (uri, root) => {
    expect(relativeUri(uri, undefined, root)).toBe('App/Mod/x.cs');
  });
  it('decodes percent-encoded names in file URIs', () => {
    expect(relativeUri('file:///C:/build/src/App/My%20Mod/x.cs', undefined, 'C:\\build\\src')).toBe('App/My Mod/x.cs');
  });
  it.each([
    ['file:///C:/build/other/x.cs', 'C:\\build\\src'],
    ['C:\\build\\srcother\\x.cs', 'C:\\build\\src'],
    ['D:\\build\\src\\x.cs', 'C:\\build\\src'],
    ['App\\..\\..\\x.cs', 'C:\\build\\src'],
    ['%2Fetc%2Fpasswd', '/work/src'],
    ['C:\\build\\src\\x.cs', '/work/src'],
    ['file:///C:/build/src/x.cs', '/work/src'],
    ['file:///work/src/x.cs', 'C:\\build\\src'],
  ])('%s under %s is outside the sources', (uri, root) => {
    expect(relativeUri(uri, undefined, root)).toBeUndefined();
  });
  it('writes a Windows source root as a file:///C:/ URI', () => {
    expect(rootUri('C:\\build\\my src')).toBe('file:///C:/build/my%20src/');
    expect(rootUri('\\\\server\\share\\src\\')).toBe('file://server/share/src/');
    expect(rootUri('/work/src')).toBe('file:///work/src/');
  });
});

describe('merging a log written on Windows', () => {
  const T = '2026-11-22T10:00:00.000Z';
  const merge = (text: string, sourceRoot: string): Log =>
    mergeRuns({
      runs: foreignRuns(parseSarif(text, 'log.sarif')).map((r) => ({ ...r, invocation: { commandLine: 'x', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true } })),
      sourceRoot,
      targets: [],
      ossastVersion: '0.1.0',
    });
  const linux = merge(fixture, '/build/src').runs[0]!.results;

  it.each([['file:///C:/build/src/App/Mod/scripts/Mod.controller.js'], ['C:\\build\\src\\App\\Mod\\scripts\\Mod.controller.js'], ['App\\Mod\\scripts\\Mod.controller.js']])(
    '%s gives the same results, paths and fingerprints as the Linux log',
    (uri) => {
      const windows = merge(windowsLog(uri), 'C:\\build\\src').runs[0]!;
      expect(windows.results).toEqual(linux);
      expect(windows.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual(Array(3).fill('App/Mod/scripts/Mod.controller.js'));
    },
  );

  it('ossast merge --source-root C:\\... writes relative paths, and the reports show them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'win.sarif'), windowsLog('file:///C:/build/src/App/Mod/scripts/Mod.controller.js'));
    const r = await runCli(['merge', 'win.sarif', '--output', 'merged.sarif', '--source-root', 'C:\\build\\src'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('dropped');
    const merged = JSON.parse(readFileSync(join(dir, 'merged.sarif'), 'utf8')) as Log;
    expect(merged.runs[0]!.originalUriBaseIds!['SRCROOT']!.uri).toBe('file:///C:/build/src/');
    expect(merged.runs[0]!.results!.map((x) => x.locations![0]!.physicalLocation!.artifactLocation)).toEqual(Array(3).fill({ uri: 'App/Mod/scripts/Mod.controller.js', uriBaseId: 'SRCROOT' }));
    for (const x of merged.runs[0]!.results!) x.suppressions = [];
    const files = await renderReports(['junit', 'gitlab-sast'], reportInput([], {}, merged), { sarifProfile: 'full', githubIncludeSuppressed: false });
    const junit = await contentText(files.find((f) => f.name === 'junit.xml')!.content);
    expect(junit).toContain('App/Mod/scripts/Mod.controller.js:');
    expect(junit).not.toMatch(/C:|\\/);
    const gitlab = JSON.parse(await contentText(files.find((f) => f.name === 'gl-sast-report.json')!.content));
    expect(gitlab.vulnerabilities.map((v: { location: { file: string } }) => v.location.file)).toEqual(Array(3).fill('App/Mod/scripts/Mod.controller.js'));
  });
});
