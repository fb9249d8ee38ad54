// Finds the Service Studio element a finding in generated code belongs to, from the file's path and the code above it.
//
// What generated OutSystems 11 code says about its origin (seen in public generated modules):
// - Traditional Web (.NET): `Actions/Action<Name>.cs` holds the server action <Name>; screens are `<Screen>.aspx(.cs)`
//   in namespace `ss<Module>.Flows.Flow<Flow>`, class `Scrn<Screen>`; blocks `Blocks/.../<Block>.ascx(.cs)`; a screen's
//   queries live in `class Funcss<Action>` (`FuncssPreparation`), a server action's in `class FuncAction<Action>`, as
//   methods `Query<Name>` (an SQL node) and `dataset<Name>` (an aggregate), each after a comment
//   `// Query Function "<Name>" ... of Action "<Action>"`; doc comments say "Action <code>X</code> that represents the
//   Service Studio screen action <code>Y</code>"; entities are `Entities/EN<Name>EntityRecord.cs`, structures
//   `Structures/RC<Name>Record.cs`, exposed SOAP services `<Name>.asmx(.cs)`.
// - Reactive Web and Mobile: `scripts/<Module>.<Flow>.<Screen>.mvc.js` defines the screen's (or block's: its view
//   extends `BaseWebBlock`) AMD modules; its controller holds client actions `_<name>$Action` (the Service Studio name
//   in `ensureControllerAlive("<Name>")`), server actions `<name>$ServerAction` (`callServerAction("<Name>", ...)`),
//   data actions `<name>$DataActRefresh` (`callDataAction("DataAction<Name>", ...)`) and aggregates `<name>$AggrRefresh`
//   (`ScreenDataSet<Name>` when they run on the server).
// Anything else is left unknown: a name is only given when the code states it.
import type { Element, ElementKind } from '../model/element.js';

type Step = { kind: ElementKind; name: string };

/** How many lines above a finding are searched for the action, query or class holding it. */
const LOOK_BACK_LINES = 4000;
/** How many lines below an action's start are searched for its Service Studio name. */
const LOOK_AHEAD_LINES = 12;

/**
 * The element of a finding at `line` (1-based) of the file at `path` inside module `module`; `source` gives the file's
 * lines (read only for files whose content names elements; undefined: judged by the path alone). Undefined when the
 * file is not generated from a known element.
 */
export function findElement(module: string, path: string, line: number | undefined, source: () => string[] | undefined): Element | undefined {
  const file = path.split('/').pop() ?? path;
  let m: RegExpExecArray | null;
  // Paths are matched from the module's folder, which is the target's folder or, when a target holds several modules
  // (a folder scanned as one application), one folder below it.
  if ((m = /^(?:[^/]+\/)?Actions\/Action(\w+)\.cs$/.exec(path))) return { kind: 'serverAction', name: m[1]! };
  if ((m = /^(?:[^/]+\/)?Entities\/EN(\w+)EntityRecord\.cs$/.exec(path))) return { kind: 'entity', name: m[1]! };
  if ((m = /^(?:[^/]+\/)?Structures\/RC(\w+)Record\.cs$/.exec(path))) return { kind: 'structure', name: m[1]! };
  if ((m = /^(?:[^/]+\/)?(\w+)\.asmx(?:\.cs)?$/.exec(path)) && m[1] !== '_debugger') return { kind: 'soapService', name: m[1]! };
  const mvc = /^(?:([^/]+)\/)?scripts\/(\w+)\.(\w+)\.(\w+)\.mvc\.js$/.exec(path);
  if (mvc) {
    const [, folder, owner, flowName, name] = mvc;
    // Another module's screens (a consumed module's scripts are copied into every consumer) are that module's.
    const own = folder ?? module;
    if (own && owner !== own) return undefined;
    const ls = source();
    const container: Step = { kind: ls && isBlockScript(ls) ? 'block' : 'screen', name: name! };
    const flow: Step = { kind: 'flow', name: flowName! };
    const inner = ls && line !== undefined ? clientElement(ls, line) : undefined;
    return inner ? withPath(inner, [flow, container]) : { ...container, parent: flow.name, path: [flow] };
  }
  const page = /^(\w+)\.aspx(?:\.cs)?$/.exec(file);
  const block = path.startsWith('Blocks/') ? /^(\w+)\.ascx(?:\.cs)?$/.exec(file) : null;
  if ((page && !file.startsWith('_')) || block) {
    const container: Step = page ? { kind: 'screen', name: page[1]! } : { kind: 'block', name: block![1]! };
    const ls = source() ?? [];
    const flow = flowOf(ls, module);
    const outer = flow ? [{ kind: 'flow' as const, name: flow }] : [];
    const inner = line !== undefined ? serverElement(ls, line) : undefined;
    if (inner) return withPath(inner, [...outer, container]);
    return { ...container, ...(flow ? { parent: flow, path: outer } : {}) };
  }
  if (!path.endsWith('.cs') || line === undefined) return undefined;
  const ls = source();
  return ls ? serverElement(ls, line) : undefined;
}

/** Whether an .mvc.js defines a block (its view extends BaseWebBlock), judged once per file's lines. */
const blockScripts = new WeakMap<string[], boolean>();
function isBlockScript(ls: string[]): boolean {
  let is = blockScripts.get(ls);
  if (is === undefined) blockScripts.set(ls, (is = ls.some((l) => /BaseView\.Base\w*Block\b/.test(l))));
  return is;
}

/** The element found inside a container, with the container's path before its own. */
function withPath(inner: Element, outer: Step[]): Element {
  const path = [...outer, ...(inner.path ?? [])];
  return { kind: inner.kind, name: inner.name, parent: path[path.length - 1]!.name, path };
}

/** Lines searched from the top of a file for its namespace. */
const HEADER_LINES = 400;

/** `ss<Module>.Flows.Flow<Flow>`: the flow a Traditional Web screen's class lives in (looked up once per file). */
const flows = new WeakMap<string[], { module: string; flow: string } | null>();
function flowOf(ls: string[], module: string): string | undefined {
  let found = flows.get(ls);
  if (found === undefined) {
    found = null;
    for (let i = 0; i < Math.min(ls.length, HEADER_LINES); i++) {
      const m = /^\s*namespace\s+ss(\w+)\.Flows\.Flow(\w+)/.exec(ls[i]!);
      if (m) {
        found = { module: m[1]!, flow: m[2]! };
        break;
      }
    }
    flows.set(ls, found);
  }
  return found && (!module || found.module === module) ? found.flow : undefined;
}

/** Braces a line opens minus those it closes, outside string literals and // comments. */
function braceBalance(line: string): number {
  const code = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\/\/.*$/, '');
  let n = 0;
  for (const c of code) {
    if (c === '{') n++;
    else if (c === '}') n--;
  }
  return n;
}

/**
 * Scans upwards from the finding and calls visit(index) with each line that opens a block still open at the finding,
 * innermost first, until visit returns true. A block opened by a lone "{" (C# style) is visited at its declaration.
 */
function enclosing(ls: string[], line: number, visit: (i: number) => boolean): void {
  // sum: braces opened minus closed from line i to the line above the finding; each new high is one more open level.
  let sum = 0;
  let level = 0;
  const stop = Math.max(0, line - 1 - LOOK_BACK_LINES);
  for (let i = Math.min(line - 1, ls.length) - 1; i >= stop; i--) {
    sum += braceBalance(ls[i]!);
    if (sum <= level) continue;
    level = sum;
    const at = /^\s*\{\s*$/.test(ls[i]!) && i > 0 ? i - 1 : i;
    if (visit(at)) return;
  }
}

/** A server-side element (query, screen action, server action) holding the finding in a C# file. */
function serverElement(ls: string[], line: number): Element | undefined {
  let query: Step | undefined;
  let action: Step | undefined;
  enclosing(ls, line, (i) => {
    const l = ls[i]!;
    let m: RegExpExecArray | null;
    if (!query && !action && (m = /\bstatic\b.*\b(Query|dataset)(\w+)\s*\(/.exec(l))) query = { kind: m[1] === 'Query' ? 'sqlNode' : 'aggregate', name: m[2]! };
    else if (!action && (m = /\bclass\s+Funcss(\w+)\b/.exec(l))) action = { kind: 'screenAction', name: m[1]! };
    else if (!action && (m = /\bclass\s+FuncAction(\w+)\b/.exec(l))) action = { kind: 'serverAction', name: m[1]! };
    else if (!query && !action && (m = /\b(?:void|Task|bool)\b.*\bCommand(\w+)\s*\(/.exec(l))) action = screenActionDoc(ls, i) ?? { kind: 'screenAction', name: m[1]! };
    else if (!query && !action && (m = /\bstatic\b.*\bAction(\w+)\s*\(\s*(?:HeContext|IRequestContext)\b/.exec(l))) action = { kind: 'serverAction', name: m[1]! };
    return action !== undefined;
  });
  if (query && action) return { ...query, parent: action.name, path: [action] };
  return query ?? action;
}

/** "Action <code>CommandOnPayClick</code> that represents the Service Studio screen action <code>OnPayClick</code>". */
function screenActionDoc(ls: string[], i: number): Step | undefined {
  const doc: string[] = [];
  for (let j = i - 1; j >= 0 && j >= i - 8 && /^\s*\/\/\//.test(ls[j]!); j--) doc.unshift(ls[j]!.replace(/^\s*\/\/\/\s?/, ''));
  const m = /that represents the Service Studio\s+screen action\s+<code>(\w+)<\/code>/.exec(doc.join(' ').replace(/\s+/g, ' '));
  return m ? { kind: 'screenAction', name: m[1]! } : undefined;
}

/** A client-side element (client action, server action, data action, aggregate) holding the finding in an .mvc.js. */
function clientElement(ls: string[], line: number): Element | undefined {
  let found: Step | undefined;
  enclosing(ls, line, (i) => {
    const m = /[._]_?(\w+)\$(Action|ServerAction|DataActRefresh|AggrRefresh)\b\s*(?:=\s*function|\(\))/.exec(ls[i]!);
    if (!m) return false;
    const after = ls.slice(i, i + LOOK_AHEAD_LINES).join('\n');
    let n: RegExpExecArray | null = null;
    if (m[2] === 'Action' && (n = /ensureControllerAlive\("(\w+)"\)/.exec(after))) found = { kind: 'clientAction', name: n[1]! };
    else if (m[2] === 'ServerAction' && (n = /callServerAction\("(\w+)"/.exec(after))) found = { kind: 'serverAction', name: n[1]! };
    else if (m[2] === 'DataActRefresh' && (n = /callDataAction\("DataAction(\w+)"/.exec(after))) found = { kind: 'dataAction', name: n[1]! };
    else if (m[2] === 'AggrRefresh' && (n = /"ScreenDataSet(\w+)"/.exec(after))) found = { kind: 'aggregate', name: n[1]! };
    // An action whose Service Studio name the code does not state is left to its screen.
    return true;
  });
  return found;
}
