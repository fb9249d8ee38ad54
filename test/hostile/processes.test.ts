// Every process a scanner starts ends with the run: children that start their own session (setsid), double-forked
// daemons, children that ignore SIGTERM and children that clear their environment, after a normal end, a scanner
// timeout and SIGTERM to ossast. The stub writes the pid of every process it starts to a file; none may be alive
// once ossast has exited.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { alive, poll as waitFor } from '../support/processes.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const SARIF = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'stub' } }, results: [] }] });

const started: number[] = [];
afterAll(() => {
  for (const p of started) if (alive(p)) process.kill(p, 'SIGKILL');
});

/** Ways a scanner's child can try to outlive it; each appends the pids it starts to $PIDS. */
const escapes: Record<string, string> = {
  'a child in a session of its own (setsid)': 'setsid sleep 300 & echo $! >> "$PIDS"',
  'a double-forked daemon': `sh -c 'setsid sleep 300 & echo $! >> "$PIDS"' &\nwait $!`,
  'a daemon that forks again after setsid (python)': `python3 -c 'import os,time,sys
if os.fork(): sys.exit(0)
os.setsid()
if os.fork(): sys.exit(0)
open(os.environ["PIDS"], "a").write("%d\\n" % os.getpid())
time.sleep(300)' &\nwait $!`,
  'a child that ignores SIGTERM, in its own session': `setsid sh -c 'trap "" TERM; echo $$ >> "$PIDS"; while :; do sleep 1; done' &`,
  'a child that clears its environment': `env -i PIDS="$PIDS" setsid sh -c 'echo $$ >> "$PIDS"; exec sleep 300' &`,
};

const endings = {
  'the scanner ends normally': { after: `printf '%s' '${SARIF}' > "$2"\nexit 0`, exit: [0, 3], signal: false },
  'the scanner times out': { after: 'sleep 300', exit: [3], signal: false },
  'ossast gets SIGTERM': { after: 'sleep 300', exit: [143], signal: true },
} as const;

describe.concurrent('processes a scanner starts', () => {
  let n = 0;
  for (const [ending, how] of Object.entries(endings)) {
    for (const [escapeKind, body] of Object.entries(escapes)) {
      it(`${escapeKind}: none alive after ossast exits when ${ending}`, async () => {
        const root = join(base, `case-${n++}`);
        writeTree(root, { 'input/Mod/Actions/ActionRun.cs': 'class A { }\n' });
        const pids = join(root, 'pids');
        writeFileSync(pids, '');
        const count = body.split('>> "$PIDS"').length - 1 + (body.includes('PIDS"]') ? 1 : 0);
        const tool = writeScript(root, 'tool.sh', `export PIDS=${JSON.stringify(pids)}\n${body}\nwhile [ "$(grep -c . "$PIDS")" -lt ${count} ]; do sleep 0.05; done\necho ready > ${JSON.stringify(join(root, 'ready'))}\n${how.after}`);
        writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: stub\n    timeoutSeconds: 4\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
        const child = execa(process.execPath, [BIN, 'scan', 'input', '--config', 'ossast.yml', '--out', 'out'], { cwd: root, reject: false, timeout: 120_000 });
        const ready = () => existsSync(join(root, 'ready')) && readFileSync(pids, 'utf8').trim().split('\n').filter(Boolean).length >= count;
        if (how.signal) {
          expect(await waitFor(ready, 60_000)).toBe(true);
          child.kill('SIGTERM');
        }
        const r = await child;
        const list = readFileSync(pids, 'utf8').trim().split('\n').filter(Boolean).map(Number);
        started.push(...list);
        expect(list.length, r.stderr).toBe(count);
        expect(how.exit as readonly number[], r.stderr).toContain(r.exitCode);
        // Killed before ossast exits; a moment is allowed for the kernel to finish a SIGKILL.
        await waitFor(() => list.every((p) => !alive(p)), 3_000);
        expect(list.filter(alive), `${escapeKind} / ${ending}`).toEqual([]);
      });
    }
  }
});
