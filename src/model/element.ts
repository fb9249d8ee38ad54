// The Service Studio element a finding in generated code belongs to (result.properties["ossast/element"]), and how reports name it.
import { z } from 'zod';
import type { Result } from 'sarif';

/** Result property holding the element (see elementOf in src/merge/element.ts for how it is found). */
export const ELEMENT_KEY = 'ossast/element';

/** Kinds of Service Studio elements ossast can recognise in generated code (camel case, as SARIF property values). */
export const ELEMENT_KINDS = ['flow', 'screen', 'block', 'screenAction', 'serverAction', 'clientAction', 'dataAction', 'aggregate', 'sqlNode', 'entity', 'structure', 'soapService', 'restMethod', 'timer', 'process'] as const;
export const elementKindSchema = z.enum(ELEMENT_KINDS);
export type ElementKind = z.infer<typeof elementKindSchema>;

/** One container on the way to an element (a flow, a screen, a screen action...). */
export const elementStepSchema = z.object({ kind: elementKindSchema, name: z.string().min(1) }).strict();

/**
 * The element: its kind and name as Service Studio shows them, `parent` the name of what holds it (a screen's flow, an
 * aggregate's action) and `path` the containers from the outermost, when the generated code names their kinds.
 */
export const elementSchema = z
  .object({
    kind: elementKindSchema,
    name: z.string().min(1),
    parent: z.string().min(1).optional(),
    path: z.array(elementStepSchema).optional(),
  })
  .strict();
export type Element = z.infer<typeof elementSchema>;

const LABELS: Record<ElementKind, string> = {
  flow: 'Flow',
  screen: 'Screen',
  block: 'Block',
  screenAction: 'Screen action',
  serverAction: 'Server action',
  clientAction: 'Client action',
  dataAction: 'Data action',
  aggregate: 'Aggregate',
  sqlNode: 'SQL',
  entity: 'Entity',
  structure: 'Structure',
  soapService: 'SOAP service',
  restMethod: 'REST method',
  timer: 'Timer',
  process: 'Process',
};

/** A step as Service Studio's tree reads: "Screen Invoices"; a screen's Preparation is named alone. */
function stepText(kind: ElementKind, name: string): string {
  return kind === 'screenAction' && name === 'Preparation' ? name : `${LABELS[kind]} ${name}`;
}

/** The element of a result, when merge found one (an invalid value reads as none). */
export function elementOf(result: Result): Element | undefined {
  const v = result.properties?.[ELEMENT_KEY];
  if (v === undefined) return undefined;
  const parsed = elementSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}

/** "Billing > Flow MainFlow > Screen Invoices > Preparation > SQL GetInvoiceLines" (module first, when known). */
export function elementText(element: Element, module?: string): string {
  const parts: string[] = module ? [module] : [];
  if (element.path?.length) parts.push(...element.path.map((s) => stepText(s.kind, s.name)));
  else if (element.parent) parts.push(element.parent);
  parts.push(stepText(element.kind, element.name));
  return parts.join(' > ');
}

/** The line reports print under a finding: "fix in Service Studio: Billing > Screen Invoices > ...". */
export function serviceStudioText(result: Result): string | undefined {
  const element = elementOf(result);
  if (!element) return undefined;
  const module = result.properties?.['ossast/module'];
  return `fix in Service Studio: ${elementText(element, typeof module === 'string' && module ? module : undefined)}`;
}
