// Screen services of Reactive and Mobile modules: the server actions, data actions and aggregates the platform exposes for screens.
//
// When a screen calls a server action, OutSystems creates an endpoint for that screen which requires the screen's
// roles (answer on the OutSystems Ideas forum, https://www.outsystems.com/ideas/8979/reactive-consumed-server-actions-authorized-roles/);
// Anonymous lets anyone in, logged in or not, Registered any logged-in user ("User Roles",
// https://success.outsystems.com/Documentation/10/Developing_an_Application/Secure_the_Application/User_Roles).
// Generated client scripts call these endpoints at `screenservices/<Module>/<Flow>/<Screen>/<Action>` (e.g.
// `controller.callDataAction("DataActionGetOrders", "screenservices/Shop/MainFlow/Orders/DataActionGetOrders", ...)`),
// relative to the module's URL, and show the screen's roles in its `checkPermissions`: an empty body checks no role
// (the screen allows Anonymous, or the file is a block, which takes the roles of the screens using it),
// `OS.RolesInfo.checkRegistered()` asks for a registered user, and `...Controller.default.roles.<Role>` names roles.
// Newer generated servers also route screen services in C# controllers (`[Route("screenservices/<Module>/<Flow>/<Screen>")]`),
// read here as well (their roles are checked on the server: unknown here).
import type { SourceEndpoint } from '../model/exposure.js';
import { baseName, braceBody, isIdent, lineIndex, type FileContext } from './inventory-text.js';
import { shorten } from '../util/redact.js';

/** What the client code checks before showing a screen: roles, or undefined when the code does not tell. */
export interface ScreenAccess {
  roles?: string[];
  check: string;
}

/** Reads the first `checkPermissions` of a screen's script (`X.checkPermissions = function () {...}` or `static checkPermissions() {...}`). */
export function parseCheckPermissions(text: string): ScreenAccess {
  const re = /checkPermissions\s{0,10}(?:=\s{0,10}function\s{0,10})?\(\s{0,10}\)\s{0,10}\{/g;
  const m = re.exec(text);
  if (!m) return { check: 'no checkPermissions in the script' };
  const body = braceBody(text, m.index + m[0].length - 1);
  if (body === undefined) return { check: 'checkPermissions could not be read' };
  const code = body.replace(/\/\/[^\n]*|\/\*[\s\S]{0,2000}?\*\//g, '').trim();
  if (code === '') return { roles: ['Anonymous'], check: 'none (checkPermissions is empty)' };
  if (/checkRegistered\s{0,10}\(/.test(code)) return { roles: ['Registered'], check: 'registered users (checkRegistered)' };
  const roles = [...code.matchAll(/\.roles\.([A-Za-z0-9_]{1,128})/g)].map((r) => r[1] ?? '').filter((r) => r !== '');
  if (roles.length > 0) return { roles: [...new Set(roles)], check: 'roles (checkRoles / ensureUserHasRole)' };
  return { check: `not recognised: ${JSON.stringify(shorten(code, 80))}` };
}

/** "DataActionGetOrders" → "data-action": what kind of server element the action name says it is. */
export function actionType(action: string): string {
  if (action.startsWith('DataAction')) return 'data-action';
  if (action.startsWith('ScreenDataSet')) return 'aggregate';
  if (action.startsWith('Action')) return 'server-action';
  return 'unknown';
}

/** `<Module>.<Flow>.<Screen>.mvc.js` → ["Flow", "Screen"], when the file name has that shape. */
function screenOfFile(file: string): [string, string] | undefined {
  const m = /^([A-Za-z0-9_]{1,128})\.([A-Za-z0-9_]{1,128})\.([A-Za-z0-9_]{1,128})\.mvc(?:__[A-Za-z0-9_-]{1,64})?\.js$/.exec(baseName(file));
  return m?.[2] && m[3] ? [m[2], m[3]] : undefined;
}

/**
 * One screen service. The URL in the script is relative to the page, so the service is served under the module whose
 * package holds the script (`/<Module>/screenservices/<Producer>/...`): a consumer ships copies of the scripts of the
 * blocks it uses from a producer module, and serves their screen services itself. The name is the script's
 * `<Producer>.<Flow>.<Screen>.<Action>`.
 */
function endpoint(ctx: FileContext, segments: string[], line: number, details: Record<string, string>, roles?: string[]): SourceEndpoint {
  const producer = segments[0] ?? ctx.module;
  const action = segments[segments.length - 1] ?? '';
  return {
    name: segments.join('.'),
    module: ctx.module,
    target: ctx.target,
    kind: 'screen-service',
    path: `/${ctx.module}/screenservices/${segments.join('/')}`,
    file: ctx.file,
    line,
    platform: false,
    // "Internal Access Only" applies to exposed SOAP and REST services and Traditional Web flows; nothing in the client code shows it.
    internalOnly: 'unknown',
    ...(roles ? { roles } : {}),
    details: { type: actionType(action), ...(producer !== ctx.module ? { producer } : {}), ...details },
  };
}

/** Reads a client script: every `"screenservices/<Module>/..."` URL, with the screen's roles when the file is that screen's script. */
export function parseClientScript(text: string, ctx: FileContext): SourceEndpoint[] {
  const re = /["']screenservices\/([A-Za-z0-9_]{1,128}(?:\/[A-Za-z0-9_]{1,128}){1,4})["']/g;
  const line = lineIndex(text);
  const screen = screenOfFile(ctx.file);
  let access: ScreenAccess | undefined;
  const out = new Map<string, SourceEndpoint>();
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const segments = (m[1] ?? '').split('/');
    if (!segments.every(isIdent)) continue;
    const ep = (() => {
      // Roles apply to the screen the file belongs to; a call to another screen's service says nothing of that screen's roles.
      if (screen && segments.length === 4 && segments[1] === screen[0] && segments[2] === screen[1]) {
        access ??= parseCheckPermissions(text);
        return endpoint(ctx, segments, line(m.index), { roleCheck: access.check }, access.roles);
      }
      return endpoint(ctx, segments, line(m.index), { roleCheck: "unknown (not this file's screen)" });
    })();
    if (!out.has(ep.name)) out.set(ep.name, ep);
  }
  return [...out.values()];
}

/** Reads a generated C# screen-services controller: the class route `screenservices/<Module>/<Flow>/<Screen>` and each action's route. */
export function parseScreenServicesController(text: string, ctx: FileContext): SourceEndpoint[] {
  const cls = /\[\s{0,10}Route\s{0,10}\(\s{0,10}"screenservices\/([A-Za-z0-9_]{1,128}(?:\/[A-Za-z0-9_]{1,128}){0,3})"\s{0,10}\)\s{0,10}\]/.exec(text);
  if (!cls) return [];
  const base = (cls[1] ?? '').split('/');
  const line = lineIndex(text);
  const out = new Map<string, SourceEndpoint>();
  const re = /\[\s{0,10}HttpPost\b[^\]\n]{0,200}\]\s{0,80}\[\s{0,10}Route\s{0,10}\(\s{0,10}"([A-Za-z0-9_]{1,128})"\s{0,10}\)\s{0,10}\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const ep = endpoint(ctx, [...base, m[1] ?? ''], line(m.index), { roleCheck: 'unknown (server-side permission index)' });
    if (!out.has(ep.name)) out.set(ep.name, ep);
  }
  return [...out.values()];
}
