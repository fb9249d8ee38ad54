// Secret masking: which results, what is masked (first 4 characters kept), fingerprints unchanged, hostile snippets.
/// <reference lib="es2024.string" />
import { describe, expect, it } from 'vitest';
import type { Log, Result, Run } from 'sarif';
import { maskSecrets, isSecretResult, SECRET_MASKED } from '../../src/merge/secrets.js';
import { literalsOf, maskSnippet, maskValue } from '../../src/merge/secret-text.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { compileMatch, factsOf } from '../../src/suppress/match.js';
import type { ScannerRun } from '../../src/scan/types.js';
import * as library from '../../src/index.js';

const T = '2026-11-22T10:00:00.000Z';
const SECRET_RULE = { id: 'secret.rule', properties: { tags: ['CWE-798: Use of Hard-coded Credentials', 'security'] } };
const XSS_RULE = { id: 'xss.rule', properties: { tags: ['CWE-79: Cross-site Scripting'] } };

function result(snippet: string, opts: { ruleId?: string; message?: string; context?: string; tags?: string[] } = {}): Result {
  return {
    ruleId: opts.ruleId ?? 'secret.rule',
    level: 'error',
    message: { text: opts.message ?? 'A credential is written in the code.' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'App/Mod/Actions/A.cs', uriBaseId: 'SRCROOT' },
          region: { startLine: 5, snippet: { text: snippet } },
          ...(opts.context !== undefined ? { contextRegion: { startLine: 4, snippet: { text: opts.context } } } : {}),
        },
      },
    ],
    ...(opts.tags ? { properties: { tags: opts.tags } } : {}),
  };
}

function logOf(results: Result[], rules: object[] = [SECRET_RULE, XSS_RULE]): Log {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules } }, results } as Run] };
}

const only = (log: Log) => log.runs[0]!.results![0]!;
const snippetOf = (r: Result) => r.locations![0]!.physicalLocation!.region!.snippet!.text!;
const mask1 = (snippet: string, opts: Parameters<typeof result>[1] = {}) => only(maskSecrets(logOf([result(snippet, opts)])));

describe('which results are masked', () => {
  it.each([['CWE-798: Use of Hard-coded Credentials'], ['CWE-259: Use of Hard-coded Password'], ['cwe-321'], ['secret'], ['Secrets'], ['HARDCODED-SECRET']])('a rule tagged %s', (tag) => {
    const log = logOf([result('pwd = "hunter2hunter2";', { ruleId: 'r' })], [{ id: 'r', properties: { tags: [tag] } }]);
    expect(isSecretResult(log.runs[0]!, only(log))).toBe(true);
    expect(snippetOf(only(maskSecrets(log)))).toBe('pwd = "hunt…";');
  });

  it('a rule whose CWE is only in its cwe metadata, and a result tagged secret itself', () => {
    const byMeta = logOf([result('pwd = "hunter2hunter2";', { ruleId: 'm' })], [{ id: 'm', properties: { cwe: ['CWE-798'] } }]);
    expect(snippetOf(only(maskSecrets(byMeta)))).toBe('pwd = "hunt…";');
    const byResult = logOf([result('pwd = "hunter2hunter2";', { ruleId: 'other', tags: ['secret'] })], []);
    expect(snippetOf(only(maskSecrets(byResult)))).toBe('pwd = "hunt…";');
  });

  it("masks the found value in other rules' results, and does not change its input", () => {
    const xss = result('Response.Write("hunter2hunter2" + Request["q"]);', { ruleId: 'xss.rule' });
    const near = logOf([result('pwd = "hunter2hunter2";', { ruleId: 'n' })], [{ id: 'n', properties: { tags: ['CWE-7980', 'secretive', 'CWE-79'] } }]);
    const secret = result('string dbPassword = "hunter2hunter2";');
    const log = logOf([xss, secret]);
    const before = JSON.stringify(log);
    const masked = maskSecrets(log);
    // The value a secret rule found is masked in the other rule's snippet too (it shows the same literal).
    expect(snippetOf(masked.runs[0]!.results![0]!)).toBe('Response.Write("hunt…" + Request["q"]);');
    expect(maskSecrets(near).runs[0]).toBe(near.runs[0]);
    expect(JSON.stringify(log)).toBe(before);
    expect(snippetOf(masked.runs[0]!.results![1]!)).toBe('string dbPassword = "hunt…";');
  });
});

describe('what is masked', () => {
  it('a literal assigned to the flagged name keeps its first 4 characters, and the result says it was masked', () => {
    const r = mask1('      Password = "hunter2hunter2";');
    expect(snippetOf(r)).toBe('      Password = "hunt…";');
    expect(r.properties?.[SECRET_MASKED]).toBe(true);
  });

  it('a literal compared with the name, in C#, JavaScript and VB quoting', () => {
    expect(snippetOf(mask1('if (input == "hunter2hunter2") {'))).toBe('if (input == "hunt…") {');
    expect(snippetOf(mask1("var config = { apiKey: 'AKIAabcdefghijklmnop' };"))).toBe("var config = { apiKey: 'AKIA…' };");
    expect(snippetOf(mask1('const clientSecret = `s3cr3t-value-xyz`;'))).toBe('const clientSecret = `s3cr…`;');
  });

  it('names of keys stay readable; their values do not', () => {
    expect(snippetOf(mask1('var c = { "password": "hunter2hunter2" };'))).toBe('var c = { "password": "hunt…" };');
    expect(snippetOf(mask1('cfg["ApiKey"] = "0123456789abcdef";'))).toBe('cfg["ApiKey"] = "0123…";');
    expect(snippetOf(mask1('<add key="DbPassword" value="hunter2hunter2" />'))).toBe('<add key="DbPassword" value="hunt…" />');
  });

  it('in a connection string or URL only the password, so the rest stays recognisable', () => {
    expect(snippetOf(mask1('var cs = "Server=db;User Id=sa;Password=Tr0ub4dor&3xyz;";'))).toBe('var cs = "Server=db;User Id=sa;Password=Tr0u…;";');
    expect(snippetOf(mask1('var u = "https://admin:hunter2hunter2@db.example.com/x";'))).toBe('var u = "https://admin:hunt…@db.example.com/x";');
  });

  it('without a literal: the value after a secret name, and high-entropy tokens; ordinary words stay', () => {
    expect(snippetOf(mask1('Password=correcthorsebattery'))).toBe('Password=corr…');
    expect(snippetOf(mask1('  Dim key As String = ConfigKey AKIA1234567890ABCDEF'))).toBe('  Dim key As String = ConfigKey AKIA…');
  });

  it('a short secret keeps at most half of it', () => {
    expect(maskValue('abc123')).toBe('abc…');
    expect(maskValue('ab')).toBe('a…');
    expect(snippetOf(mask1('pwd = "x";'))).toBe('pwd = "…";');
  });

  it('the value found in the snippet is masked in the message, its arguments and the context snippet too', () => {
    const r = result('string dbPassword = "hunter2hunter2";', {
      message: 'Hard-coded password "hunter2hunter2" found; also token=ghp_abcdef0123456789',
      context: 'public void Connect() {\n  string dbPassword = "hunter2hunter2";\n  Login(dbPassword);',
    });
    r.message.arguments = ['hunter2hunter2'];
    const m = only(maskSecrets(logOf([r])));
    expect(m.message.text).toBe('Hard-coded password "hunt…" found; also token=ghp_…');
    expect(m.message.arguments).toEqual(['hunt…']);
    expect(m.locations![0]!.physicalLocation!.contextRegion!.snippet!.text).toBe('public void Connect() {\n  string dbPassword = "hunt…";\n  Login(dbPassword);');
    expect(JSON.stringify(m)).not.toContain('hunter2hunter2');
    expect(JSON.stringify(m)).not.toContain('0123456789');
  });

  it('masking twice changes nothing (ossast gate over a masked log)', () => {
    for (const s of ['string dbPassword2 = "hunter2hunter2";', 'var cs = "Server=db;Password=Tr0ub4dor;";', 'Password=correcthorsebattery']) {
      const once = maskSecrets(logOf([result(s)]));
      const twice = maskSecrets(once);
      expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    }
  });

  it('a result with nothing to mask is left as it was, without the property', () => {
    const r = result('var password = GetPassword();');
    expect(only(maskSecrets(logOf([r])))).toBe(r);
  });
});

describe('fingerprints and suppressions', () => {
  const sarif: Log = {
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep OSS', rules: [SECRET_RULE, XSS_RULE] } },
        results: [
          {
            ...result('string dbPassword = "hunter2hunter2";'),
            locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/src/App/Mod/A.cs' }, region: { startLine: 5, snippet: { text: 'string dbPassword = "hunter2hunter2";' } } } }],
          },
          { ...result('Response.Write(x);', { ruleId: 'xss.rule' }), locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/src/App/Mod/B.cs' }, region: { startLine: 9, snippet: { text: 'Response.Write(x);' } } } }] },
        ],
      },
    ],
  };
  const run: ScannerRun = {
    scanner: 'semgrep',
    toolVersion: '1.180.0',
    sarif,
    invocation: { commandLine: 'semgrep scan', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true },
    notifications: [],
    skipped: [],
    rules: [],
  };
  const merged = mergeRuns({ runs: [run], sourceRoot: '/work/src', targets: [], ossastVersion: '0.1.0' });
  const masked = maskSecrets(merged);

  it('partialFingerprints are identical with and without masking (baselines keep matching)', () => {
    const fp = (log: Log) => log.runs[0]!.results!.map((r) => r.partialFingerprints);
    expect(fp(masked)).toEqual(fp(merged));
    expect(fp(masked)[0]!['ossast/v2']).toMatch(/^[0-9a-f]{16,}/);
    expect(snippetOf(masked.runs[0]!.results![0]!)).toBe('string dbPassword = "hunt…";');
  });

  it('is in the library entry, for tools that chain the stages themselves', () => {
    expect(library.maskSecrets).toBe(maskSecrets);
  });

  it('a suppression snippet regex sees the masked text', () => {
    const facts = factsOf(masked.runs[0]!, masked.runs[0]!.results![0]!);
    expect(compileMatch({ snippet: 'hunter2hunter2' })(facts)).toBe(false);
    expect(compileMatch({ snippet: 'dbPassword = "hunt…"' })(facts)).toBe(true);
  });
});

describe('hostile snippets', () => {
  const timed = (fn: () => void) => {
    const t = Date.now();
    fn();
    return Date.now() - t;
  };

  it('finds literals in one pass: quotes escaped one after another, left open, on a 4 MB line', () => {
    const evil = `'${"\\'".repeat(2_000_000)}`;
    expect(timed(() => expect(literalsOf(evil)).toEqual([]))).toBeLessThan(2000);
    const open = '"'.concat('a'.repeat(100), "'").repeat(40_000);
    expect(timed(() => literalsOf(open))).toBeLessThan(2000);
  });

  it('masks a huge snippet in linear time and leaves no secret in it', () => {
    const line = 'string dbPassword = "hunter2hunter2"; // password password password\n';
    const huge = line.repeat(50_000);
    let out = '';
    expect(timed(() => (out = snippetOf(mask1(huge))))).toBeLessThan(5000);
    expect(out).not.toContain('hunter2hunter2');
    expect(out.split('\n')[0]).toBe('string dbPassword = "hunt…"; // password password password');
  });

  it('a long word of repeated secret names, or a name before a million spaces, does not make the scan quadratic', () => {
    const words = 'password'.repeat(500_000);
    expect(timed(() => maskSnippet(words, new Set()))).toBeLessThan(3000);
    const spaces = `password${' '.repeat(1_000_000)}x`;
    expect(timed(() => maskSnippet(spaces, new Set()))).toBeLessThan(3000);
  });

  it('unicode: keeps 4 code points, never half a surrogate pair', () => {
    expect(snippetOf(mask1('pwd = "пароль-секрет-42";'))).toBe('pwd = "паро…";');
    const emoji = snippetOf(mask1('pwd = "🔑🔑🔑🔑🔑🔑🔑🔑";'));
    expect(emoji).toBe('pwd = "🔑🔑🔑🔑…";');
    expect(emoji.isWellFormed()).toBe(true);
  });
});

describe('every occurrence of a found secret, whichever result carries it (issue 25)', () => {
  const KEY = 'pk_live_7Hq2ZrT9wX4mB1cD';
  const secret = result(`      string gatewayApiKey = "${KEY}";`);
  const neighbour: Result = {
    ...result('      ServicePointManager.ServerCertificateValidationCallback = (s, c, ch, e) => true;', {
      ruleId: 'xss.rule',
      context: `      string gatewayApiKey = "${KEY}";\n      ServicePointManager.ServerCertificateValidationCallback = (s, c, ch, e) => true;`,
    }),
    partialFingerprints: { 'ossast/v2': `fp-${KEY}` },
    codeFlows: [{ threadFlows: [{ locations: [{ location: { message: { text: `flows from ${KEY}` } } }] }] }],
  };
  const other: Run = {
    tool: { driver: { name: 'OtherTool' } },
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: `could not parse "${KEY}"` } }] }],
    results: [{ ruleId: 'x', message: { text: `token ${KEY} seen` } }],
  };
  const log: Log = { version: '2.1.0', runs: [logOf([secret, neighbour]).runs[0]!, other] };
  const masked = maskSecrets(log);
  const text = JSON.stringify(masked.runs.map((r) => ({ ...r, results: r.results?.map(({ partialFingerprints: _p, ...rest }) => rest) })));

  it('is masked in the context of a neighbouring finding, its code flows, another run and its notifications', () => {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('7Hq2ZrT9wX4mB1cD');
    expect(masked.runs[0]!.results![1]!.locations![0]!.physicalLocation!.contextRegion!.snippet!.text).toContain('"pk_l…"');
    expect(masked.runs[0]!.results![1]!.properties?.[SECRET_MASKED]).toBe(true);
    expect(masked.runs[1]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toBe('could not parse "pk_l…"');
  });

  it('fingerprints are identities and stay as they were', () => {
    expect(masked.runs[0]!.results![1]!.partialFingerprints).toEqual({ 'ossast/v2': `fp-${KEY}` });
  });

  it('a run where no value is found is the same object', () => {
    const clean: Log = { version: '2.1.0', runs: [other] };
    expect(maskSecrets(clean).runs[0]).toBe(other);
  });
});

describe('lines without a literal', () => {
  it('variables named like secrets are not values: nothing is masked', () => {
    for (const s of ['  send({ token: token, password: password });', '    string dbPassword = Pwd;', '  this.password = cfg.Password;', 'var password = password']) {
      expect(maskSnippet(s, new Set()), s).toBe(s);
    }
  });

  it('an unquoted value in a config line still is', () => {
    expect(maskSnippet('password: hunter2hunter2', new Set())).toBe('password: hunt…');
    expect(maskSnippet('db_password: s3cr3tvalue', new Set())).toBe('db_password: s3cr…');
  });
});

describe('what maskSecrets copies', () => {
  const results = (): Result[] =>
    Array.from({ length: 60 }, (_, i) => {
      if (i % 10 === 0) return result(`      pwd = "hunter${i}pass";`);
      // A neighbour whose message carries a secret found in another result: masked there too.
      if (i % 10 === 1) return { ...result(`call(x${i})`, { ruleId: 'xss.rule', message: `seen hunter${i - 1}pass` }), properties: { n: i } };
      return result(`call(x${i})`, { ruleId: 'xss.rule' });
    });

  it('the input is not changed, and results with nothing to mask are the same objects', () => {
    const input = logOf(results());
    const before = JSON.stringify(input);
    const masked = maskSecrets(input).runs[0]!.results!;
    expect(JSON.stringify(input)).toBe(before);
    masked.forEach((r, i) => {
      if (i % 10 > 1) expect(r).toBe(input.runs[0]!.results![i]);
      else expect(r).not.toBe(input.runs[0]!.results![i]);
    });
    expect(masked[1]!.message.text).toBe('seen hunt…');
    // Key order kept, the masked flag added to the result's properties.
    expect(Object.keys(masked[1]!)).toEqual(Object.keys(input.runs[0]!.results![1]!));
    expect(masked[1]!.properties).toEqual({ n: 1, [SECRET_MASKED]: true });
  });

  it('a log where a secret rule has nothing to mask keeps its runs and their results arrays', () => {
    const input = logOf(results().map((r, i) => (i % 10 === 0 ? result(`    string dbPassword = Pwd${i};`) : r)));
    const masked = maskSecrets(input);
    expect(masked.runs[0]).toBe(input.runs[0]);
    expect(masked.runs[0]!.results).toBe(input.runs[0]!.results);
  });
});
