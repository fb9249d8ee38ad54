// The plan as CI reads it: GitHub's matrix (one line, fromJSON-ready), GitLab's child pipeline, JSON. Pure rendering.
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { buildPlan } from '../../src/shard/build-plan.js';
import { renderPlan } from '../../src/shard/matrix.js';
import { planSchema, type PlanTarget } from '../../src/model/shard.js';

const targets = (n: number): PlanTarget[] => Array.from({ length: n }, (_, i) => ({ kind: 'lifetime-application', id: `App${i}` }));

describe('renderPlan', () => {
  it('github: one line {"include":[...]} with the shard, its index, total, packaging share and the plan', () => {
    const plan = buildPlan(targets(256), 256, 512);
    const text = renderPlan(plan, 'github', { command: ['run'] });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim()).not.toContain('\n');
    const matrix = JSON.parse(text) as { include: { shard: string; index: number; total: number; packaging: number; plan: string; ids?: unknown }[] };
    expect(matrix.include).toHaveLength(256);
    expect(matrix.include[255]).toMatchObject({ shard: '256/256', index: 256, total: 256, targets: 1, packaging: 2, plan: plan.plan });
    expect(matrix.include[0]!.ids).toBeUndefined();
  });

  it('gitlab: parallel N with CI_NODE_INDEX/CI_NODE_TOTAL; with one shard no parallel (GitLab sets no index then) and --shard 1/1', () => {
    const three = load(renderPlan(buildPlan(targets(6), 3), 'gitlab', { command: ['run', '--config', 'ci/ossast.yml'] })) as Record<string, { parallel?: number; script: string[] }>;
    expect(three['ossast-shard']!.parallel).toBe(3);
    expect(three['ossast-shard']!.script[0]).toContain('$OSSAST run --config ci/ossast.yml --shard $CI_NODE_INDEX/$CI_NODE_TOTAL ');
    const one = load(renderPlan(buildPlan(targets(1), 1), 'gitlab', { command: ['scan', 'My App.zip'] })) as Record<string, { parallel?: number; script: string[] }>;
    expect(one['ossast-shard']!.parallel).toBeUndefined();
    expect(one['ossast-shard']!.script[0]).toContain("$OSSAST scan 'My App.zip' --shard 1/1 ");
  });

  it('json: the whole plan, valid against its schema', () => {
    const plan = buildPlan([...targets(3), { kind: 'local', id: 'Shop/Core', bytes: 10 }], 2, 4);
    expect(planSchema.parse(JSON.parse(renderPlan(plan, 'json', { command: ['run'] })))).toEqual(plan);
  });
});
