// Per-rule Semgrep time on platform-sized files: writes ~1 MB generated JS/C# files shaped like OutSystems platform
// scripts (a minified jQuery-1.x-style `_osjs.js`, an unminified TypeScript/AMD bundle like `OutSystems.js`) and a
// generated C# module, runs the real Semgrep with `--time --json` and prints, per rule, total and max match time per
// file and every rule that timed out (Semgrep's default per-rule timeout is 5 s). Two reference rows give the cost of
// parsing alone (a pattern that passes Semgrep's prefilter but is trivial to match).
//   node dist/bench/rule-time.js [--rules DIR] [--baseline DIR] [--timeout S] [--kb N] [--only ID-PART] [--add FILE ...] [--keep]
// --baseline DIR runs a second rule folder (e.g. an older pack from `git show`) on the same files, side by side.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { packageRoot } from '../src/util/version.js';

/** Repeats `chunk(i)` until the text reaches `bytes`. */
function fill(bytes: number, head: string, chunk: (i: number) => string, tail: string): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const c = chunk(i);
    parts.push(c);
    size += c.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** A minified jQuery-1.x-style library with OutSystems widget code in one IIFE, long lines (like `_osjs.js`). */
export function minifiedBundle(bytes: number): string {
  const chunk = (i: number) =>
    [
      `n.fn.ext${i}=function(a,b){var c=this[0]||{},d=0,e=this.length;if(a===undefined)return c.nodeType===1?c.innerHTML.replace(r${i % 7},""):undefined;`,
      `if(typeof a=="string"&&!/<(?:script|style|link)/i.test(a)){a=a.replace(q,"<$1></$2>");try{for(;d<e;d++){c=this[d]||{};if(c.nodeType===1){n.cleanData(g(c,false));c.innerHTML=a}}c=0}catch(f){}}`,
      `if(c){this.empty().append(a)}return this};`,
      `n.xhr${i}=function(a){var b=n.extend({},a),c=b.url+(b.url.indexOf("?")>-1?"&":"?")+"_="+Math.random();return n.Deferred(function(d){setTimeout(function(){d.resolve(c)},b.timeout||0)})};`,
      `function f${i}(a,b,c){var d=a.length,e=[],f;for(f=0;f<d;f++){if(!b||b(a[f],f)){e.push(c?c(a[f]):a[f])}}return e.length?e:null}`,
      `n.each("blur focus click${i} dblclick mousedown mouseup".split(" "),function(a,b){n.fn[b]=function(c,d){return arguments.length>0?this.on(b,null,c,d):this.trigger(b)}});`,
      `var s${i}=function(a){return n("#"+a+" .row${i}")},h${i}=function(a,b){return n("<div class='"+a+"'>"+b+"</div>")};`,
      `OsNotify${i}=function(a){if(a&&a.message)alert(a.message);else if(a)alert("Error: "+a.code)};`,
      `n.event.special.ev${i}={setup:function(a,b,c){var d=this;d.addEventListener?d.addEventListener("ev${i}",c,!1):d.attachEvent("onev${i}",c)},teardown:function(){return!1}};`,
      i % 40 === 0 ? '\n' : '',
    ].join('');
  const head = '/*! jQuery-style library v1.x (generated for ossast bench) */\n(function(w,u){var n=function(a,b){return new n.fn.init(a,b)},q=/<([\\w:]+)[^>]*\\/>/gi;n.fn=n.prototype={init:function(a,b){this[0]=a;return this}};'
    + 'n.globalEval=function(a){if(a&&n.trim(a)){(w.execScript||function(b){w["eval"].call(w,b)})(a)}};';
  return fill(bytes, head, chunk, 'w.jQuery=w.$=w.osjs=n})(window);\n');
}

/** An unminified TypeScript-compiled namespace bundle (like `OutSystems.js`) followed by AMD `define(...)` screens. */
export function unminifiedBundle(bytes: number): string {
  const chunk = (i: number) => `
    var Widget${i} = /** @class */ (function () {
        function Widget${i}(model, callContext) {
            this.model = model;
            this.callContext = callContext;
            this.id = "w${i}_" + Math.floor(Math.random() * 1000000);
        }
        Widget${i}.prototype.render = function (container, data) {
            var html = "<span class=\\"os-" + data.kind + "\\">" + data.label + "</span>";
            if (data.trusted) {
                container.innerHTML = html;
            } else {
                container.textContent = data.label;
            }
            return container;
        };
        Widget${i}.prototype.notify = function (error) {
            if (error && error.message) {
                window.alert(error.message);
            }
            window.parent.postMessage({ kind: "resize", height: ${i} }, this.model.origin);
        };
        Widget${i}.prototype.query = function (params) {
            var url = this.model.baseUrl + "/screenservices/App/Flow/Screen${i}/ServiceAPI" + "?q=" + encodeURIComponent(params.q);
            return this.callContext.fetch(url).then(function (r) { return r.json(); });
        };
        return Widget${i};
    }());
    Internal.Widget${i} = Widget${i};
    define("App.Flow.Screen${i}.mvc$model", ["OutSystems/ClientRuntime/Main", "App.model"], function (OS, AppModel) {
        var VariablesRecord = (function (_super) {
            __extends(VariablesRecord, _super);
            function VariablesRecord(defaults) { _super.apply(this, arguments); }
            VariablesRecord.attributesToDeclare = function () {
                return [this.attr("Search${i}", "search${i}Var", "Search", true, false, OS.DataTypes.DataTypes.Text, function () { return ""; }, false)].concat(_super.attributesToDeclare.call(this));
            };
            return VariablesRecord;
        })(OS.DataTypes.GenericRecord);
        return new OS.Model.BaseViewModel(VariablesRecord);
    });
`;
  const head = '/*! OutSystems-style client runtime bundle (generated for ossast bench) */\nvar OutSystems;\n(function (OutSystems) {\n  var Internal;\n  (function (Internal) {\n';
  return fill(bytes, head, chunk, '  })(Internal = OutSystems.Internal || (OutSystems.Internal = {}));\n})(OutSystems || (OutSystems = {}));\n');
}

/** A generated O11-style C# file with many aggregate/advanced-query functions (every 25th inlines a parameter). */
export function generatedCSharp(bytes: number): string {
  const chunk = (i: number) => `
        public static RLOrder${i}RecordList QueryGetOrders${i}(HeContext heContext, int maxRecords, IterationMultiplicity multiplicity, out int outParamCount, string qpteSearch, string qpteIdList, long qpinStatus) {
            outParamCount = -1;
            using (Transaction trans = DatabaseAccess.ForCurrentDatabase.GetRequestTransaction()) {
                Command sqlCmd = trans.CreateCommand();
                sqlCmd.CreateParameter("@qpteSearch", DbType.String, qpteSearch);
                sqlCmd.CreateParameter("@qpinStatus", DbType.Int64, qpinStatus);
                string advSql = "SELECT ENOrder.[ID], ENOrder.[NAME], ENOrder.[STATUS] " +
                    "FROM " + ENOrder${i}Entity.LocalViewName(heContext.AppInfo.Tenant.Id, BuiltInFunction.GetCurrentLocale()) + " ENOrder " +
                    "WHERE ENOrder.[STATUS] = @qpinStatus AND ENOrder.[NAME] LIKE @qpteSearch " +
                    "AND ENOrder.[ID] IN (" + ${i % 25 === 0 ? 'qpteIdList' : 'BuiltInFunction.EncodeSql(qpteIdList)'} + ")";
                sqlCmd.CommandText = advSql;
                try {
                    RLOrder${i}RecordList outParamList = new RLOrder${i}RecordList();
                    outParamList.Transaction = trans;
                    BitArray[] opt = new BitArray[1];
                    opt[0] = new BitArray(new bool[] { false, false, false });
                    outParamList.AllOptimizedAttributes = opt;
                    DatabaseAccess.ForCurrentDatabase.ExecuteQuery(sqlCmd, outParamList, "Query GetOrders${i}.List");
                    return outParamList;
                } catch (Exception e) {
                    throw new DataBaseException("Problems executing query GetOrders${i} in advanced query GetOrders${i} in Preparation in Orders in Shop (SELECT {Order}.* FROM {Order} WHERE {Order}.[Status] = @Status AND {Order}.[Id] IN (@IdList)): " + e.Message, e);
                }
            }
        }

        public static void ActionUpdateOrder${i}(HeContext heContext, long inParamId, string inParamName) {
            using (Transaction trans = DatabaseAccess.ForCurrentDatabase.GetRequestTransaction()) {
                string updateSql = "UPDATE " + ENOrder${i}Entity.LocalViewName(heContext.AppInfo.Tenant.Id, null) + " SET [NAME] = @ssName WHERE [ID] = @ssId";
                Command cmd = trans.CreateCommand(updateSql);
                cmd.CreateParameter("@ssName", DbType.String, inParamName);
                cmd.CreateParameter("@ssId", DbType.Int64, inParamId);
                cmd.ExecuteNonQuery("Entity Action UpdateOrder${i}", true);
            }
        }
`;
  const head = '\uFEFF// Generated for the ossast rule-time bench in the shape of OutSystems-generated C#.\nusing System;\nusing System.Data;\nusing OutSystems.HubEdition.RuntimePlatform;\nusing OutSystems.HubEdition.RuntimePlatform.Db;\n\nnamespace ssShop.Flows.FlowMain {\n    public partial class ScrnOrders {\n';
  return fill(bytes, head, chunk, '    }\n}\n');
}

/** Writes the three platform-sized files into `dir`; returns their paths. */
export function writePlatformFiles(dir: string, bytes: number): string[] {
  const files: [string, string][] = [
    ['_osjs.js', minifiedBundle(bytes)],
    ['OutSystems.js', unminifiedBundle(bytes)],
    ['ScrnOrders.aspx.cs', generatedCSharp(bytes)],
  ];
  return files.map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

const timeSchema = z.looseObject({
  results: z.array(z.unknown()),
  errors: z.array(z.looseObject({ type: z.unknown(), rule_id: z.string().optional(), path: z.string().optional(), message: z.string().optional() })),
  time: z.looseObject({
    targets: z.array(z.looseObject({ path: z.string(), run_time: z.number() })),
  }),
});

export interface TimingRun { perFile: { file: string; runS: number }[]; timeouts: { rule: string; file: string }[]; wallS: number; cpuS: number; findings: number }

/** Runs Semgrep with --time over `files`: per rule, its match time on each file; plus process CPU seconds. */
export async function timeRules(rulesConfig: string, files: string[], timeoutS: number): Promise<TimingRun> {
  const semgrep = join(packageRoot(), '.venv', 'bin', 'semgrep');
  const cpuFile = join(tmpdir(), `ossast-rule-time-cpu-${process.pid}.txt`);
  const started = process.hrtime.bigint();
  const r = await execa('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, semgrep, 'scan', '--metrics=off', '--disable-version-check', '--no-git-ignore', '--time', '--json', `--timeout=${timeoutS}`, '--timeout-threshold=0', '--max-target-bytes=5000000', '--jobs=1', '--config', rulesConfig, ...files], {
    reject: false, env: { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' }, maxBuffer: 512 * 1024 * 1024,
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuS = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').reduce((a, b) => a + Number(b), 0);
  rmSync(cpuFile, { force: true });
  if (r.exitCode !== 0 && r.exitCode !== 1 && r.exitCode !== 3) throw new Error(`semgrep exited with ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const out = timeSchema.parse(JSON.parse(r.stdout));
  const perFile = out.time.targets.map((t) => ({ file: basename(t.path), runS: t.run_time }));
  const timeouts = out.errors
    .filter((e) => JSON.stringify(e.type).includes('Timeout'))
    .map((e) => ({ rule: e.rule_id ?? '?', file: basename(e.path ?? '?') }));
  return { perFile, timeouts, wallS, cpuS, findings: out.results.length };
}

/** Writes each rule of the pack into its own config file (so each can be timed alone). */
export function splitRules(rulesDir: string, outDir: string): { id: string; file: string }[] {
  mkdirSync(outDir, { recursive: true });
  return readdirSync(rulesDir).filter((f) => f.endsWith('.yml')).flatMap((f) => {
    const doc = z.object({ rules: z.array(z.looseObject({ id: z.string() })) }).parse(parse(readFileSync(join(rulesDir, f), 'utf8')));
    return doc.rules.map((rule) => {
      const file = join(outDir, `${rule.id}.yml`);
      writeFileSync(file, stringify({ rules: [rule] }));
      return { id: rule.id, file };
    });
  });
}

/** The rule id without Semgrep's config-path prefix. */
const shortId = (id: string) => id.slice(id.indexOf('ossast.') >= 0 ? id.indexOf('ossast.') : 0);

/** Times the whole pack at `timeoutS` (the timeouts that matter), then each rule alone without a timeout. */
async function report(label: string, rulesDir: string, files: string[], timeoutS: number, work: string, only: string): Promise<void> {
  const pack = await timeRules(rulesDir, files, timeoutS);
  const names = files.map((f) => basename(f));
  process.stdout.write(`\n${label} (${rulesDir}): whole pack --timeout ${timeoutS}: wall ${pack.wallS.toFixed(1)} s, CPU ${pack.cpuS.toFixed(1)} s, ${pack.findings} findings, ${pack.timeouts.length} timeout(s)\n`);
  for (const t of pack.timeouts) process.stdout.write(`  TIMEOUT ${shortId(t.rule)} on ${t.file}\n`);
  process.stdout.write(`each rule alone, no timeout: seconds per file (Semgrep's per-target run time, includes parsing), process CPU s\n`);
  process.stdout.write(`${'rule'.padEnd(50)}${names.map((n) => n.slice(0, 18).padStart(20)).join('')}${'CPU s'.padStart(8)}${'hits'.padStart(6)}\n`);
  const floor = [
    { id: 'reference: parse only (javascript)', rule: { id: 'parse-floor-js', languages: ['javascript'], severity: 'INFO', message: 'parse floor', pattern: 'function $F() { return this; }' } },
    { id: 'reference: parse only (csharp)', rule: { id: 'parse-floor-cs', languages: ['csharp'], severity: 'INFO', message: 'parse floor', pattern: 'using System;' } },
  ].map(({ id, rule }) => {
    const file = join(work, `${rule.id}.yml`);
    writeFileSync(file, stringify({ rules: [rule] }));
    return { id, file };
  });
  for (const { id, file } of [...floor, ...splitRules(rulesDir, join(work, label)).filter((r) => r.id.includes(only))]) {
    const run = await timeRules(file, files, 0);
    const cell = (n: string) => {
      const t = run.perFile.find((p) => p.file === n);
      return (t ? t.runS.toFixed(2) : '-').padStart(20);
    };
    process.stdout.write(`${shortId(id).padEnd(50)}${names.map(cell).join('')}${run.cpuS.toFixed(1).padStart(8)}${String(run.findings).padStart(6)}\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const rulesDir = flag('--rules') ?? join(packageRoot(), 'scanners', 'semgrep', 'rules');
  const baseline = flag('--baseline');
  const timeoutS = Number(flag('--timeout') ?? 5);
  const bytes = Number(flag('--kb') ?? 1000) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ossast-rule-time-'));
  try {
    const files = writePlatformFiles(dir, bytes);
    args.forEach((a, i) => {
      const src = args[i + 1];
      if (a === '--add' && src) files.push(join(dir, basename(src))), copyFileSync(src, join(dir, basename(src)));
    });
    process.stdout.write(`files: ${files.map((f) => basename(f)).join(', ')} (${bytes / 1000} kB generated each); 1 job\n`);
    const only = flag('--only') ?? '';
    if (baseline) await report('baseline', baseline, files, timeoutS, dir, only);
    await report('rules', rulesDir, files, timeoutS, dir, only);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
