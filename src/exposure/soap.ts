// Exposed SOAP services in a module's source: `<Name>.asmx` (the `WebService` directive) and its code-behind `<Name>.asmx.cs`.
//
// OutSystems translates the actions of an exposed SOAP web service into the methods of its WSDL ("Expose a SOAP Web
// Service", https://www.outsystems.com/help/servicestudio/9.1/Integrating_with_other_systems/Web_Services/Expose_a_SOAP_Web_Service.htm);
// in the generated .NET code the service is `<Name>.asmx` (a `<%@ WebService Class="..." %>` directive) with its
// code-behind, served at `/<Module>/<Name>.asmx`, WSDL at `?WSDL`. Platform plumbing every module carries
// (`_debugger.asmx`: a leading underscore, a class of the platform runtime) is marked `platform`, apart from the
// application's services.
import type { SourceEndpoint } from '../model/exposure.js';
import { baseName, isIdent, lineIndex, type FileContext } from './inventory-text.js';

/** What one SOAP file shows; .asmx and .asmx.cs of the same service are joined by `serviceKey`. */
export interface SoapPart {
  service: string;
  file: string;
  codeBehind: boolean;
  line?: number;
  className?: string;
  methods: string[];
  platform: boolean;
}

/** The service name of a SOAP file, or undefined when the name is not one OutSystems generates (e.g. holds "..", spaces or control characters). */
export function soapServiceName(rel: string): string | undefined {
  const name = baseName(rel);
  const stem = name.replace(/\.asmx(\.cs)?$/i, '');
  return isIdent(stem) ? stem : undefined;
}

/** Reads the `<%@ WebService ... Class="..." %>` directive of an .asmx file. */
export function parseAsmx(text: string, ctx: FileContext): SoapPart | { error: string } {
  const service = soapServiceName(ctx.file);
  if (!service) return { error: 'the file name is not an OutSystems service name (letters, digits, underscores)' };
  const at = text.search(/<%@\s{0,20}WebService\b/i);
  if (at === -1) return { error: 'no <%@ WebService %> directive' };
  const directive = text.slice(at, Math.min(text.length, at + 1000));
  const end = directive.indexOf('%>');
  const cls = /\bClass\s{0,10}=\s{0,10}"([A-Za-z0-9_.]{1,300})"/i.exec(end === -1 ? directive : directive.slice(0, end));
  const className = cls?.[1];
  return {
    service,
    file: ctx.file,
    codeBehind: false,
    line: lineIndex(text)(at),
    ...(className ? { className } : {}),
    methods: [],
    platform: service.startsWith('_') || (className?.startsWith('OutSystems.') ?? false),
  };
}

/** The identifier that ends just before `end` (spaces skipped), read backwards: linear in its length. */
function wordBefore(text: string, end: number): string | undefined {
  let i = end - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  const last = i;
  while (i >= 0 && last - i < 200 && /[A-Za-z0-9_]/.test(text[i] ?? '')) i--;
  return last > i ? text.slice(i + 1, last + 1) : undefined;
}

/** Reads the code-behind: the class marked `[WebService(...)]` and its `[WebMethod]` methods. */
export function parseAsmxCodeBehind(text: string, ctx: FileContext): SoapPart | { error: string } {
  const service = soapServiceName(ctx.file);
  if (!service) return { error: 'the file name is not an OutSystems service name (letters, digits, underscores)' };
  const at = text.search(/\[\s{0,10}(System\.Web\.Services\.)?WebService\s{0,10}[(\]]/);
  if (at === -1) return { error: 'no [WebService] class' };
  const line = lineIndex(text);
  const cls = /\bclass\s{1,10}([A-Za-z0-9_]{1,200})/.exec(text.slice(at, at + 2000));
  const methods: string[] = [];
  // The method name is the last word before the first "(" after the attribute: looked for in a bounded window, so
  // a file full of attributes costs time linear in its size.
  const re = /\[\s{0,10}(?:System\.Web\.Services\.)?WebMethod\b[^\]\n]{0,300}\]/g;
  for (let m = re.exec(text); m && methods.length < 5000; m = re.exec(text)) {
    const after = text.slice(re.lastIndex, re.lastIndex + 400);
    const paren = after.indexOf('(');
    if (paren === -1) continue;
    const name = wordBefore(after, paren);
    if (name && !methods.includes(name)) methods.push(name);
  }
  return {
    service,
    file: ctx.file,
    codeBehind: true,
    line: line(at),
    ...(cls?.[1] ? { className: cls[1] } : {}),
    methods,
    platform: service.startsWith('_'),
  };
}

/** Joins the parts of one module into endpoints: one per service, named `<Module>.<Service>`, found in the .asmx (or the code-behind when the package has no .asmx). */
export function soapEndpoints(parts: SoapPart[], ctx: Omit<FileContext, 'file'>): SourceEndpoint[] {
  const byService = new Map<string, SoapPart[]>();
  for (const p of parts) byService.set(p.service.toLowerCase(), [...(byService.get(p.service.toLowerCase()) ?? []), p]);
  const out: SourceEndpoint[] = [];
  for (const group of byService.values()) {
    const asmx = group.find((p) => !p.codeBehind);
    const cb = group.find((p) => p.codeBehind);
    const main = asmx ?? cb;
    if (!main) continue;
    const details: Record<string, string> = { wsdl: `/${ctx.module}/${main.service}.asmx?WSDL` };
    if (asmx?.className ?? cb?.className) details['class'] = asmx?.className ?? cb?.className ?? '';
    if (cb) details['codeBehind'] = cb.file;
    if (cb && cb.methods.length > 0) details['methods'] = cb.methods.join(', ');
    if (!asmx) details['note'] = 'only the code-behind is in the package (no .asmx)';
    out.push({
      name: `${ctx.module}.${main.service}`,
      module: ctx.module,
      target: ctx.target,
      kind: 'soap',
      path: `/${ctx.module}/${main.service}.asmx`,
      file: main.file,
      ...(main.line ? { line: main.line } : {}),
      platform: group.some((p) => p.platform),
      // "Internal Access Only" is set in Service Studio and enforced by the platform per request; the generated code does not show it.
      internalOnly: 'unknown',
      details,
    });
  }
  return out;
}
