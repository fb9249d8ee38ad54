// The Service Studio element of a finding: from generated code's paths and the code above the finding, never guessed.
import { describe, expect, it } from 'vitest';
import type { Log, Result } from 'sarif';
import { findElement } from '../../src/merge/element.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { elementText, serviceStudioText } from '../../src/model/element.js';
import type { ScannerRun } from '../../src/scan/types.js';
import { REACTIVE_CLASS_SCREEN, REACTIVE_SCREEN, SERVER_ACTION_FILE, TRADITIONAL_SCREEN, lineOf } from './element-shapes/shapes.js';

const at = (path: string, text: string | undefined, mark?: string, module = 'Billing') => findElement(module, path, mark && text ? lineOf(text, mark) : 1, () => text?.split('\n'));

describe('elements named by the path alone', () => {
  it.each([
    ['Actions/ActionGetInvoices.cs', { kind: 'serverAction', name: 'GetInvoices' }],
    ['Entities/ENInvoiceEntityRecord.cs', { kind: 'entity', name: 'Invoice' }],
    ['Structures/RCPaymentRecord.cs', { kind: 'structure', name: 'Payment' }],
    ['InvoiceService.asmx.cs', { kind: 'soapService', name: 'InvoiceService' }],
    ['scripts/Billing.MainFlow.InvoiceDetail.mvc.js', { kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow', path: [{ kind: 'flow', name: 'MainFlow' }] }],
    ['Invoices.aspx', { kind: 'screen', name: 'Invoices' }],
    ['Blocks/Billing/Header.ascx.cs', { kind: 'block', name: 'Header' }],
  ])('%s', (path, want) => {
    expect(at(path, undefined)).toEqual(want);
  });
  it('from the module folder one level down, when a target holds a whole application', () => {
    expect(at('Billing/Actions/ActionGetInvoices.cs', undefined, undefined, 'App')).toEqual({ kind: 'serverAction', name: 'GetInvoices' });
    expect(at('Billing/InvoiceService.asmx.cs', undefined, undefined, 'App')).toEqual({ kind: 'soapService', name: 'InvoiceService' });
    expect(at('Billing/scripts/Billing.MainFlow.InvoiceDetail.mvc.js', undefined, undefined, 'App')).toMatchObject({ kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' });
    expect(at('Portal/scripts/Billing.MainFlow.InvoiceDetail.mvc.js', undefined, undefined, 'App')).toBeUndefined();
  });
  it.each(['_debugger.asmx', 'Billing/_debugger.asmx', 'Web.config', 'scripts/Billing.controller.js', 'scripts/OutSystemsUI.Private.MenuDrag.mvc.js', '_image.aspx.cs', 'bin/x/Service.asmx', 'Global.asax.cs'])('%s: unknown', (path) => {
    expect(at(path, undefined)).toBeUndefined();
  });
});

describe('Traditional Web screens', () => {
  const f = (mark: string) => at('Invoices.aspx.cs', TRADITIONAL_SCREEN, mark);
  const prep = { kind: 'screenAction', name: 'Preparation' };
  const path = [
    { kind: 'flow', name: 'MainFlow' },
    { kind: 'screen', name: 'Invoices' },
  ];
  it('an SQL node of the Preparation, also inside nested blocks', () => {
    expect(f('sql')).toEqual({ kind: 'sqlNode', name: 'GetInvoiceLines', parent: 'Preparation', path: [...path, prep] });
    expect(f('sql-nested')).toEqual(f('sql'));
    expect(elementText(f('sql')!, 'Billing')).toBe('Billing > Flow MainFlow > Screen Invoices > Preparation > SQL GetInvoiceLines');
  });
  it('an aggregate of the Preparation', () => {
    expect(f('aggregate')).toMatchObject({ kind: 'aggregate', name: 'GetCustomers', parent: 'Preparation' });
  });
  it('code of the Preparation outside any query is the Preparation', () => {
    expect(f('preparation')).toEqual({ ...prep, parent: 'Invoices', path });
  });
  it('screen actions: named by their doc comment, else by their Command method', () => {
    expect(f('screen-action')).toEqual({ kind: 'screenAction', name: 'OnPayClick', parent: 'Invoices', path });
    expect(f('command')).toMatchObject({ kind: 'screenAction', name: 'Refresh' });
  });
  it('code of the screen outside any action is the screen', () => {
    expect(f('field')).toEqual({ kind: 'screen', name: 'Invoices', parent: 'MainFlow', path: [{ kind: 'flow', name: 'MainFlow' }] });
  });
  it('a namespace of another module does not give the flow', () => {
    expect(at('Invoices.aspx.cs', TRADITIONAL_SCREEN, 'field', 'Other')).toEqual({ kind: 'screen', name: 'Invoices' });
  });
});

describe('server actions', () => {
  it('a query of a server action, in any C# file', () => {
    expect(at('Actions.cs', SERVER_ACTION_FILE, 'action-sql')).toEqual({ kind: 'sqlNode', name: 'ByFilter', parent: 'GetInvoices', path: [{ kind: 'serverAction', name: 'GetInvoices' }] });
    expect(at('Actions.cs', SERVER_ACTION_FILE, 'in-action')).toEqual({ kind: 'serverAction', name: 'GetInvoices' });
  });
});

describe('Reactive and Mobile screens', () => {
  const f = (mark: string) => at('scripts/Billing.MainFlow.InvoiceDetail.mvc.js', REACTIVE_SCREEN, mark);
  const path = [
    { kind: 'flow', name: 'MainFlow' },
    { kind: 'screen', name: 'InvoiceDetail' },
  ];
  it.each([
    ['client-action', 'clientAction', 'OnPayClick'],
    ['server-action', 'serverAction', 'PayInvoice'],
    ['aggregate', 'aggregate', 'GetInvoiceLines'],
    ['data-action', 'dataAction', 'GetRates'],
  ])('%s', (mark, kind, name) => {
    expect(f(mark)).toEqual({ kind, name, parent: 'InvoiceDetail', path });
  });
  it('an action or local aggregate whose name the code does not state is left to its screen', () => {
    const screen = { kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow', path: [{ kind: 'flow', name: 'MainFlow' }] };
    expect(f('unnamed-action')).toEqual(screen);
    expect(f('local-aggregate')).toEqual(screen);
    expect(f('view')).toEqual(screen);
  });
  it('a block (its view extends BaseWebBlock), in the class syntax', () => {
    expect(at('scripts/Billing.Common.Header.mvc.js', REACTIVE_CLASS_SCREEN, 'class-action')).toEqual({
      kind: 'clientAction',
      name: 'LogoutOnClick',
      parent: 'Header',
      path: [
        { kind: 'flow', name: 'Common' },
        { kind: 'block', name: 'Header' },
      ],
    });
  });
});

describe('merge puts the element on each result', () => {
  const root = '/work/out/src';
  const files: Record<string, string> = { 'App/Billing/Invoices.aspx.cs': TRADITIONAL_SCREEN, 'App/Billing/Web.config': '<configuration/>' };
  const result = (uri: string, line: number): Result => ({ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }] });
  const sarif: Log = {
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'semgrep', rules: [{ id: 'r' }] } }, results: [result('App/Billing/Invoices.aspx.cs', lineOf(TRADITIONAL_SCREEN, 'sql')), result('App/Billing/Web.config', 1)] }],
  };
  const run: ScannerRun = { scanner: 'semgrep', sarif, invocation: { commandLine: 'semgrep', exitCode: 0, startTimeUtc: '', endTimeUtc: '', executionSuccessful: true }, notifications: [], skipped: [], rules: [] };
  const log = mergeRuns({
    runs: [run],
    sourceRoot: root,
    targets: [{ id: 'App/Billing', application: 'App', module: 'Billing', dir: `${root}/App/Billing`, origin: { kind: 'app-zip', path: 'App.zip' } }],
    readSource: (p) => files[p],
    ossastVersion: '0',
  });
  const [sql, config] = log.runs[0]!.results!;
  it('as properties["ossast/element"], and reports name it', () => {
    expect(sql!.properties!['ossast/element']).toMatchObject({ kind: 'sqlNode', name: 'GetInvoiceLines' });
    expect(serviceStudioText(sql!)).toBe('fix in Service Studio: Billing > Flow MainFlow > Screen Invoices > Preparation > SQL GetInvoiceLines');
    expect(config!.properties!['ossast/element']).toBeUndefined();
    expect(serviceStudioText(config!)).toBeUndefined();
  });
  it('keeps an earlier element when merging a log without its sources; with sources, what they show now', () => {
    const again = mergeRuns({ runs: [{ ...run, sarif: log }], sourceRoot: root, targets: [], ossastVersion: '0' });
    expect(again.runs[0]!.results![0]!.properties!['ossast/element']).toEqual(sql!.properties!['ossast/element']);
    const reread = mergeRuns({ runs: [{ ...run, sarif: log }], sourceRoot: root, targets: [], readSource: () => undefined, ossastVersion: '0' });
    // The file is gone: only its path speaks, and the SQL node it held before is not kept.
    expect(reread.runs[0]!.results![0]!.properties!['ossast/element']).toEqual({ kind: 'screen', name: 'Invoices' });
  });
});
