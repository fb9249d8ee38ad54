// The element a finding is in, read from result properties defensively, and how it reads.
import { describe, expect, it } from 'vitest';
import { elementLabel, elementOf, kindWords } from '../../src/report/html-element.js';

const result = (element: unknown) => ({ message: { text: 'm' }, properties: { 'ossast/element': element } });

describe('Service Studio element of a finding', () => {
  it('reads {kind, name, parent?} and names it as Service Studio does', () => {
    expect(elementOf(result({ kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' }))).toEqual({ kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' });
    expect(elementLabel('Billing', { kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' })).toBe('Billing › MainFlow › Screen InvoiceDetail');
    expect(elementLabel('Billing', { kind: 'serverAction', name: 'GetInvoices' })).toBe('Billing › Server action GetInvoices');
    expect(kindWords('sqlNode')).toBe('SQL node');
    expect(kindWords('screenAction')).toBe('Screen action');
  });

  it('treats anything of another shape as unknown', () => {
    for (const bad of [undefined, null, 'screen', 5, {}, { kind: 'screen' }, { kind: 'Screen x', name: 'A' }, { kind: 'screen', name: '' }, { kind: 'screen', name: 'A', parent: 3 }, { kind: 'screen', name: 'x'.repeat(501) }])
      expect(elementOf(result(bad))).toBeUndefined();
    expect(elementOf({ message: { text: 'm' } })).toBeUndefined();
  });
});
