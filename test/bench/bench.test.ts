import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../support/cli.js';

const main = fileURLToPath(new URL('../../dist/bench/main.js', import.meta.url));

/** The benchmark at toy sizes, as `npm run bench -- --json` runs it: every workload reports, nothing is judged on speed. */
describe('npm run bench (real child process, toy sizes)', () => {
  it('runs every workload and reports each figure with its raw baseline and ratio', async () => {
    const run = await runNode(['--expose-gc', main, '--json', '--calls', '20', '--mix-calls', '10', '--scale-events', '2000']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // Ten commands per call on each of the three stores, with 1 and 32 callers.
    expect(report.w1).toHaveLength(6);
    for (const w1 of report.w1) expect(w1.commands).toBe(200);
    for (const w1 of report.w1.filter((w: { store: string }) => w.store !== 'memory')) expect(w1.ratio).toBeGreaterThan(0);
    // W2 replays exactly what W1 wrote on its SQLite FULL store: 20 calls, 13 events each.
    expect(report.w2.events).toBe(260);
    expect(report.w2.projections.names).toEqual(['calls', 'master-data', 'requests', 'billing', 'open-intervals']);
    expect(report.w2.transactionLog.calls).toBe(20);
    expect(report.w2Mix.invoices).toBeGreaterThan(0);
    expect(report.w2Mix.events).toBeGreaterThan(report.w2Mix.calls * 5);
    expect(report.w3.streams).toBe(20);
    expect(report.w4.events).toBe(report.parameters.scaleEvents);
    expect(report.w4.peakRssMb).toBeGreaterThan(0);
    for (const target of report.targets) expect(typeof target.met).toBe('boolean');
  }, 120_000);
});
