// The Service Studio element a finding is in (a result's properties["ossast/element"]), read defensively for the HTML
// report: a value of any other shape counts as unknown, so the page groups that finding by its file instead.
import { z } from 'zod';
import type { Result } from 'sarif';

/** The key the element is carried under in SARIF result properties. */
export const ELEMENT_KEY = 'ossast/element';

const name = z.string().trim().min(1).max(500);
/** kind: a camel-case word such as serverAction, screen, screenAction, clientAction, aggregate, sqlNode, entity. */
const ElementSchema = z.object({ kind: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/), name, parent: name.optional() });
export type Element = z.infer<typeof ElementSchema>;

/** The result's element, or undefined when it has none or one of another shape. */
export function elementOf(result: Result): Element | undefined {
  const value: unknown = result.properties?.[ELEMENT_KEY];
  if (value === undefined) return undefined;
  const parsed = ElementSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Kinds whose name does not read well split at capitals. */
const KIND_WORDS: Record<string, string> = { sqlNode: 'SQL node', exposedRestMethod: 'Exposed REST method', exposedSoapService: 'Exposed SOAP service', restMethod: 'REST method', soapService: 'SOAP service' };

/** "serverAction" → "Server action". */
export function kindWords(kind: string): string {
  const known = KIND_WORDS[kind];
  if (known) return known;
  const words = kind.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where to fix it in Service Studio: "Billing › MainFlow › Screen InvoiceDetail". */
export function elementLabel(module: string, e: Element): string {
  return [module, ...(e.parent ? [e.parent] : []), `${kindWords(e.kind)} ${e.name}`].join(' › ');
}
