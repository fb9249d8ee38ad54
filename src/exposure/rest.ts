// Exposed REST APIs in a module's source: the generated controller (`[Route("rest/<API>")]`) and the API's swagger document.
//
// OutSystems serves an exposed REST method at `/<Module>/rest/<API>/<Method>` (the URL Path can be customised) and
// checks "HTTP Security" and "Internal Access Only" before anything else ("Expose REST APIs",
// https://success.outsystems.com/Documentation/10/Extensibility_and_Integration/REST/Expose_REST_APIs, and "Exposed REST
// API Method Properties"); the root URL of the API shows its documentation unless that is turned off (OutSystems'
// announcement on the forum, https://www.outsystems.com/forums/discussion/14667/amsterdam-exposing-rest-apis/). In generated code
// the API is a controller class routed at `rest/<API>` whose actions carry `[Http<Verb>]` and `[Route("<path>")]` (the
// routes `""` and `"swagger.json"` are the documentation), and the swagger 2.0 document is shipped as
// `<API>Swagger.json` with `basePath: "/<Module>/rest/<API>"`. One endpoint per API, named `<Module>.<API>` (so an
// allow-list glob on `<Module>.<API>` covers all its methods); its methods are listed in `details`.
import { parseJson } from '../util/json-depth.js';
import * as z from 'zod';
import type { SourceEndpoint } from '../model/exposure.js';
import { baseName, isIdent, lineIndex, type FileContext } from './inventory-text.js';
import { shorten } from '../util/redact.js';

/** What one file shows of one REST API. */
export interface RestPart {
  api: string;
  file: string;
  line?: number;
  source: 'controller' | 'swagger';
  /** "GET GetOrderRequest", in the order found. */
  methods: { verb: string; route: string; name: string }[];
  /** basePath of the swagger document, when it names another module than the one it was found in. */
  basePath?: string;
}

const VERBS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'] as const;

/** Reads a generated REST controller: the API from the class route, its methods from the action attributes. */
export function parseRestController(text: string, ctx: FileContext): RestPart | { error: string } | undefined {
  const route = /\[\s{0,10}Route\s{0,10}\(\s{0,10}"rest\/([^"\n]{1,300})"\s{0,10}\)\s{0,10}\]/.exec(text);
  if (!route) return undefined; // a controller of something else (screen services, service actions): not a REST API
  const api = (route[1] ?? '').replace(/\/$/, '');
  if (!isIdent(api)) return { error: `the REST route names an API ${JSON.stringify(shorten(api, 80))} that is not an OutSystems name` };
  const methods: RestPart['methods'] = [];
  const add = (verb: string, r: string, at: number) => {
    if (r === '' || r.toLowerCase() === 'swagger.json') return; // the documentation routes
    if (methods.some((m) => m.verb === verb && m.route === r)) return;
    const props = /RESTExposeActionProperties\s{0,10}\(\s{0,10}"([A-Za-z0-9_]{1,200})"/.exec(text.slice(at, at + 600));
    methods.push({ verb, route: r, name: props?.[1] ?? r });
  };
  const verbThenRoute = /\[\s{0,10}Http(Get|Post|Put|Delete|Patch|Head|Options)\b[^\]\n]{0,200}\]\s{0,80}\[\s{0,10}Route\s{0,10}\(\s{0,10}"([^"\n]{0,300})"\s{0,10}\)\s{0,10}\]/g;
  for (let m = verbThenRoute.exec(text); m; m = verbThenRoute.exec(text)) add((m[1] ?? '').toUpperCase(), m[2] ?? '', m.index);
  const routeThenVerb = /\[\s{0,10}Route\s{0,10}\(\s{0,10}"([^"\n]{0,300})"\s{0,10}\)\s{0,10}\]\s{0,80}\[\s{0,10}Http(Get|Post|Put|Delete|Patch|Head|Options)\b/g;
  for (let m = routeThenVerb.exec(text); m; m = routeThenVerb.exec(text)) {
    if ((m[1] ?? '').startsWith('rest/')) continue;
    add((m[2] ?? '').toUpperCase(), m[1] ?? '', m.index);
  }
  return { api, file: ctx.file, line: lineIndex(text)(route.index), source: 'controller', methods };
}

/** The parts of a swagger 2.0 / OpenAPI 3 document the inventory reads (anything else in it is ignored). */
export const swaggerDocSchema = z
  .object({
    swagger: z.string().max(20).optional(),
    openapi: z.string().max(20).optional(),
    basePath: z.string().max(1000).optional(),
    servers: z
      .array(z.object({ url: z.string().max(2000) }))
      .max(100)
      .optional(),
    info: z.object({ title: z.string().max(500).optional() }).optional(),
    paths: z.record(z.string().max(1000), z.record(z.string(), z.unknown())).optional(),
  })
  .refine((d) => d.swagger !== undefined || d.openapi !== undefined, { message: 'neither "swagger" nor "openapi" is set' });

/** Reads a swagger document: the API from its basePath (`/<Module>/rest/<API>`), else from the file name `<API>Swagger.json`. */
export function parseSwagger(text: string, ctx: FileContext): RestPart | { error: string } {
  let json: unknown;
  try {
    json = parseJson(text, 'the document');
  } catch (err) {
    return { error: `not valid JSON (${err instanceof Error ? shorten(err.message, 120) : 'parse error'})` };
  }
  const parsed = swaggerDocSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `not a swagger document (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})` };
  }
  const doc = parsed.data;
  const base = doc.basePath ?? doc.servers?.[0]?.url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const fromBase = base ? /(?:^|\/)([^/]{1,200})\/rest\/([^/]{1,200})\/?$/.exec(base) : null;
  if (base !== undefined && !fromBase) return { error: `its base path ${JSON.stringify(shorten(base, 120))} is not "/<Module>/rest/<API>"` };
  const stem = baseName(ctx.file).replace(/swagger\.json$/i, '');
  const api = fromBase?.[2] ?? (stem !== '' ? stem : undefined);
  if (api === undefined) return { error: 'cannot tell which API it documents (no basePath "/<Module>/rest/<API>" and no <API>Swagger.json file name)' };
  if (!isIdent(api)) return { error: `names an API ${JSON.stringify(shorten(api, 80))} that is not an OutSystems name` };
  const methods: RestPart['methods'] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {}).slice(0, 2000)) {
    for (const verb of VERBS) {
      const op = ops[verb];
      if (op === undefined) continue;
      const opId = z.object({ operationId: z.string().regex(/^[A-Za-z0-9_]{1,200}$/) }).safeParse(op);
      const route = path.replace(/^\//, '');
      methods.push({ verb: verb.toUpperCase(), route, name: opId.success ? opId.data.operationId : route });
    }
  }
  const otherModule = fromBase?.[1] !== undefined && fromBase[1] !== ctx.module;
  return { api, file: ctx.file, source: 'swagger', methods, ...(otherModule && base ? { basePath: base } : {}) };
}

/** Joins the controller and the swagger document of each API into one endpoint `<Module>.<API>`. */
export function restEndpoints(parts: RestPart[], ctx: Omit<FileContext, 'file'>): SourceEndpoint[] {
  const byApi = new Map<string, RestPart[]>();
  for (const p of parts) byApi.set(p.api.toLowerCase(), [...(byApi.get(p.api.toLowerCase()) ?? []), p]);
  const out: SourceEndpoint[] = [];
  for (const group of byApi.values()) {
    const controller = group.find((p) => p.source === 'controller');
    const swagger = group.find((p) => p.source === 'swagger');
    const main = controller ?? swagger;
    if (!main) continue;
    const methods = controller && controller.methods.length > 0 ? controller.methods : (swagger?.methods ?? []);
    const base = `/${ctx.module}/rest/${main.api}`;
    const details: Record<string, string> = { documentation: `${base}/`, swagger: `${base}/swagger.json` };
    if (methods.length > 0) {
      details['methods'] = methods.map((m) => `${m.verb} ${m.route}${m.name !== m.route ? ` (${m.name})` : ''}`).join(', ');
      const first = methods.find((m) => m.verb === 'GET') ?? methods[0];
      if (first) details['methodPath'] = `${base}/${first.route}`;
    }
    if (controller) details['controller'] = controller.file;
    if (swagger) details['swaggerFile'] = swagger.file;
    if (swagger?.basePath) details['basePath'] = swagger.basePath;
    out.push({
      name: `${ctx.module}.${main.api}`,
      module: ctx.module,
      target: ctx.target,
      kind: 'rest',
      path: base,
      file: main.file,
      ...(main.line ? { line: main.line } : {}),
      platform: false,
      // "Internal Access Only" is set in Service Studio and enforced by the platform per request; the generated code does not show it.
      internalOnly: 'unknown',
      details,
    });
  }
  return out;
}
