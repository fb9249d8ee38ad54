// The output-root guard: every path it lets through is strictly under the root, after "..", with no symlink on the way
// (a link there is refused, never followed nor removed, even one that stays inside).
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputRoot } from '../../src/util/output-root.js';
import { type OssastError, PipelineError, UsageError } from '../../src/util/errors.js';
import { tempDir } from '../support/tmp.js';

const base = tempDir();
let n = 0;

/** A workspace with out/ (the root), a sibling folder and a canary; links inside out/ to the sibling. */
async function setup() {
  const ws = join(base, `ws${++n}`);
  mkdirSync(join(ws, 'sibling'), { recursive: true });
  writeFileSync(join(ws, 'canary.txt'), 'keep');
  writeFileSync(join(ws, 'sibling', 'keep.cs'), 'keep');
  const root = await OutputRoot.open(join(ws, 'out'));
  mkdirSync(join(ws, 'out', 'real'), { recursive: true });
  symlinkSync(join(ws, 'sibling'), join(ws, 'out', 'escape'));
  symlinkSync(join(ws, 'out', 'real'), join(ws, 'out', 'inside'));
  return { ws, out: join(ws, 'out'), root };
}

const refusal = async (p: Promise<unknown>, kind: new (message: string) => OssastError = PipelineError) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(kind);
  return err instanceof Error ? err.message : '';
};
const linkRefusal = (p: Promise<unknown>) => refusal(p, UsageError);

describe('OutputRoot', () => {
  it('lets through paths strictly under the root, also ones that do not exist yet', async () => {
    const { out, root } = await setup();
    await root.mkdir(join(out, 'a', 'b'));
    await root.writeFile(join(out, 'a', 'b', 'c.txt'), 'x');
    expect(readFileSync(join(out, 'a/b/c.txt'), 'utf8')).toBe('x');
    expect(await root.check(join(out, 'new', 'deep', 'file'), 'write')).toBe(join(out, 'new', 'deep', 'file'));
    await root.fresh(join(out, 'a'));
    expect(existsSync(join(out, 'a', 'b'))).toBe(false);
    const tmp = await root.mkdtemp(join(out, '.unpack-'));
    await root.rename(tmp, join(out, 'moved'));
    expect(existsSync(join(out, 'moved'))).toBe(true);
  });

  it('refuses the root itself, its parent and anything reached with ".."', async () => {
    const { ws, out, root } = await setup();
    expect(await refusal(root.rm(out))).toBe(`refused to remove ${out}: it is not inside the output folder ${out}`);
    expect(await refusal(root.rm(join(out, '..')))).toBe(`refused to remove ${ws}: it is not inside the output folder ${out}`);
    expect(await refusal(root.mkdir(join(out, 'a', '..', '..', 'sibling', 'x')))).toBe(`refused to create the folder ${join(ws, 'sibling', 'x')}: it is not inside the output folder ${out}`);
    expect(await refusal(root.writeFile(join(ws, 'out2', 'x'), 'x'))).toContain(`refused to write ${join(ws, 'out2', 'x')}`);
    expect(readFileSync(join(ws, 'canary.txt'), 'utf8')).toBe('keep');
  });

  it('refuses a path whose parent is a symlink leading out (exit 2), and names where it points', async () => {
    const { ws, out, root } = await setup();
    const m = await linkRefusal(root.rm(join(out, 'escape', 'keep.cs')));
    expect(m).toBe(`refused to remove ${join(out, 'escape', 'keep.cs')}: ${join(out, 'escape')} is a symlink (to ${join(ws, 'sibling')}) inside the output folder ${out}; nothing was removed through it`);
    await linkRefusal(root.writeFile(join(out, 'escape', 'new', 'x.cs'), 'x'));
    await linkRefusal(root.fresh(join(out, 'escape', 'sub')));
    expect(readFileSync(join(ws, 'sibling', 'keep.cs'), 'utf8')).toBe('keep');
    expect(existsSync(join(ws, 'sibling', 'new'))).toBe(false);
  });

  it('never writes through, nor removes, a symlink leading out', async () => {
    const { ws, out, root } = await setup();
    await linkRefusal(root.mkdir(join(out, 'escape')));
    await linkRefusal(root.writeFile(join(out, 'escape'), 'x'));
    await linkRefusal(root.rm(join(out, 'escape')));
    expect(lstatSync(join(out, 'escape')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(ws, 'sibling', 'keep.cs'), 'utf8')).toBe('keep');
  });

  it('refuses even symlinks that stay inside the root', async () => {
    const { out, root } = await setup();
    await linkRefusal(root.writeFile(join(out, 'inside', 'x.cs'), 'x'));
    expect(existsSync(join(out, 'real', 'x.cs'))).toBe(false);
    expect(lstatSync(join(out, 'inside')).isSymbolicLink()).toBe(true);
  });

  it('refuses a root that is itself a symlink, and changes nothing', async () => {
    const { ws } = await setup();
    symlinkSync(join(ws, 'out'), join(ws, 'out-link'));
    const m = await linkRefusal(OutputRoot.open(join(ws, 'out-link')));
    expect(m).toContain(`${join(ws, 'out-link')}: it is a symlink (to ${join(ws, 'out')}), and ossast never follows a symlink for its output folder`);
    expect(existsSync(join(ws, 'out', 'y.cs'))).toBe(false);
  });
});
