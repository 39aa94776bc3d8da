import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModePoint } from '../../src/bench/growth-modes.js';
import type { FloorPoint } from '../../src/bench/sqlite-floor.js';
import { childProcessBudget, runNode } from '../support/cli.js';

const main = fileURLToPath(new URL('../../dist/bench/main.js', import.meta.url));

/** The benchmark at toy sizes, as `npm run bench -- --json` runs it: every workload reports, nothing is judged on speed. */
describe('npm run bench (real child process, toy sizes)', () => {
  it(
    'runs every workload and reports each figure with its raw baseline and ratio',
    async () => {
      const run = await runNode([
        '--expose-gc',
        main,
        '--json',
        '--calls',
        '20',
        '--mix-calls',
        '60',
        '--scale-events',
        '2000',
        '--startup-calls',
        '20',
        '--startup-runs',
        '2',
        '--growth-sizes',
        '10,30',
        '--growth-calls',
        '3',
        '--device-sizes',
        '5,20',
        '--allowance-sizes',
        '5,20',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      // Ten commands per call on each of the three stores, with 1 and 32 callers.
      expect(report.w1).toHaveLength(6);
      for (const w1 of report.w1) expect(w1.commands).toBe(200);
      for (const w1 of report.w1.filter((w: { store: string }) => w.store !== 'memory'))
        expect(w1.ratio).toBeGreaterThan(0);
      // The memory pipeline beside Emmett's in-memory store: the same 200 commands each, a CPU figure and a ratio.
      expect(report.w1Emmett.callstream.commands).toBe(200);
      expect(report.w1Emmett.emmett.commands).toBe(200);
      expect(report.w1Emmett.ratio).toBeGreaterThan(0);
      expect(report.w1Emmett.rounds).toBe(9); // in a process of its own (emmett-child.ts)
      const [lowest, highest] = report.w1Emmett.ratioRange;
      expect(lowest).toBeGreaterThan(0);
      // The figure is the median of the rounds' ratios: within their range.
      expect(report.w1Emmett.ratio).toBeGreaterThanOrEqual(lowest);
      expect(report.w1Emmett.ratio).toBeLessThanOrEqual(highest);
      // W2 replays exactly what W1 wrote on its SQLite FULL store: 20 calls, 13 events each.
      expect(report.w2.events).toBe(260);
      expect(report.w2.projections.names).toEqual([
        'calls',
        'master-data',
        'requests',
        'billing',
        'open-intervals',
        'service-report',
        'agenda',
        'knowledge',
        'notifications',
      ]);
      expect(report.w2.transactionLog.calls).toBe(20);
      expect(report.w2Mix.invoices).toBeGreaterThan(0);
      expect(report.w2Mix.events).toBeGreaterThan(report.w2Mix.calls * 5);
      expect(report.w3.streams).toBe(20);
      expect(report.w3.turns).toBe(5);
      expect(report.w3.ratio).toBeCloseTo(
        report.w3.streamsPerSecond / report.w3.rawStreamLoadsPerSecond,
        1,
      );
      expect(report.w4.events).toBe(report.parameters.scaleEvents);
      expect(report.w4.peakRssMb).toBeGreaterThan(0);
      // W5: the ten commands through Callstream with inline projections, on stores of each size.
      expect(
        report.w5.points.map((p: { callsInStore: number; commands: number }) => [
          p.callsInStore,
          p.commands,
        ]),
      ).toEqual([
        [10, 30],
        [30, 30],
      ]);
      // The work per command, counted: an append is at least BEGIN, INSERT and COMMIT; inline read
      // models read and write their checkpoints at once (54 statements a command when each was read
      // alone); a call's new figures read and write the analytics tallies of its six dimensions.
      for (const point of report.w5.points as Array<{ sqliteStatementsPerCommand: number }>)
        expect(point.sqliteStatementsPerCommand).toSatisfy((n: number) => n >= 3 && n <= 36);
      // The pages each command writes, by table and index: the events table among them, and in all as many as counted.
      for (const point of report.w5.points as Array<{
        walPagesPerCommand: number;
        walPagesByTree: Array<{ tree: string; perCommand: number }>;
      }>) {
        expect(point.walPagesByTree.map(({ tree }) => tree)).toContain('events');
        const sum = point.walPagesByTree.reduce((total, { perCommand }) => total + perCommand, 0);
        // Each figure is rounded: to 0.1 page for the total, to 0.01 for each tree.
        const rounding = 0.05 + 0.005 * point.walPagesByTree.length;
        expect(Math.abs(sum - point.walPagesPerCommand)).toBeLessThanOrEqual(rounding + 1e-9);
      }
      // The same commands with 32 callers (here as many as a round has calls: one), sharing
      // commits: as many calls again, into the store as the rounds before left it.
      for (const point of report.w5.points as Array<{
        callsInStore: number;
        concurrent: {
          callers: number;
          callsInStore: number;
          commands: number;
          commandsPerSecond: number;
          cpuMsPerCommand: number;
          sqliteStatementsPerCommand: number;
        };
      }>) {
        expect(point.concurrent.callers).toBe(1);
        expect(point.concurrent.callsInStore).toBe(point.callsInStore + 3 + 50);
        expect(point.concurrent.commands).toBe(30);
        expect(point.concurrent.commandsPerSecond).toBeGreaterThan(0);
        expect(point.concurrent.cpuMsPerCommand).toBeGreaterThan(0);
        expect(point.concurrent.sqliteStatementsPerCommand).toSatisfy(
          (n: number) => n >= 3 && n <= 36,
        );
      }
      expect(report.w5.concurrentRatio).toBe(
        Math.round(
          (report.w5.points[0].concurrent.commandsPerSecond / report.w5.rawEventCommitsPerSecond) *
            100,
        ) / 100,
      );
      expect(report.w5.concurrentGrowth).toBeGreaterThan(0);
      expect(report.w5.growth).toBeGreaterThan(0);
      expect(report.w5.ratio).toBeGreaterThan(0);
      // The same commands by projection mode, at the smallest size, the read models' work counted in each.
      expect(
        report.w5.modes.map((m: { mode: string; callers: number }) => [m.mode, m.callers]),
      ).toEqual([
        ['inline', 1],
        ['inline', 3],
        ['live', 1],
        ['live', 3],
        ['manual', 1],
        ['manual', 3],
      ]);
      for (const m of report.w5.modes as ModePoint[]) {
        expect(m.commands).toBe(30);
        expect(m.ratio).toBeGreaterThan(0);
        // Timed until the read models hold the commands: never faster than the commands alone.
        expect(m.commandsPerSecond).toBeLessThanOrEqual(m.commandsAlonePerSecond);
      }
      // SQLite's floor: the commands' own statements replayed alone, all of them and the writes alone.
      expect(report.w5.sqliteFloor.map((f: FloorPoint) => [f.mode, f.callers])).toEqual([
        ['inline', 1],
        ['inline', 3],
        ['manual', 1],
      ]);
      for (const f of report.w5.sqliteFloor as FloorPoint[]) {
        expect(f.commands).toBe(30);
        // At least BEGIN, an event row and COMMIT per command written; reads besides.
        expect(f.writesPerCommand).toBeGreaterThanOrEqual(3);
        expect(f.statementsPerCommand).toBeGreaterThan(f.writesPerCommand);
        expect(f.ratio).toBeGreaterThan(0);
        expect(f.writesAloneRatio).toBeGreaterThan(0);
      }
      // The bound for one caller: the pipeline's CPU and the writes, at most the pipeline's CPU alone allows.
      expect(report.w5.writesBound).toBeGreaterThan(0);
      expect(report.w5.writesBound).toBeLessThan(
        1 /
          ((report.w1Emmett.callstream.cpuMicrosPerCommand / 1e6) *
            report.w5.rawEventCommitsPerSecond),
      );
      // A device's streams: per reading and per alarm at each size, warm and cold, and the growth.
      for (const kind of ['readings', 'alarms'] as const) {
        expect(report.w6[kind].map((p: { events: number }) => p.events)).toEqual([5, 20]);
        for (const point of report.w6[kind] as Array<{ warmMs: number; coldMs: number }>) {
          expect(point.warmMs).toBeGreaterThan(0);
          expect(point.coldMs).toBeGreaterThan(0);
        }
      }
      // The growth is the median of the rounds' ratios, the stores taking turns: within their range.
      const withinRange = (growth: number, [low, high]: [number, number]) => {
        expect(growth).toBeGreaterThan(0);
        expect(low).toBeLessThanOrEqual(growth);
        expect(growth).toBeLessThanOrEqual(high);
      };
      withinRange(report.w6.readingGrowth, report.w6.readingGrowthRange);
      withinRange(report.w6.alarmGrowth, report.w6.alarmGrowthRange);
      // Contracts over the years: per call billed at each size, warm and cold, and the growth.
      expect(report.w7.billing.map((p: { events: number }) => p.events)).toEqual([5, 20]);
      for (const point of report.w7.billing as Array<{ warmMs: number; coldMs: number }>) {
        expect(point.warmMs).toBeGreaterThan(0);
        expect(point.coldMs).toBeGreaterThan(0);
      }
      withinRange(report.w7.growth, report.w7.growthRange);
      // Start-up: callstream show as a child process, beside node's own start and a bare read.
      expect(report.startup.calls).toBe(20);
      expect(report.startup.show.wallMs.median).toBeGreaterThan(0);
      expect(report.startup.show.cpuMs.median).toBeGreaterThan(0);
      expect(report.startup.ratio.wallToNode).toBeGreaterThan(0);
      expect(report.startup.ratio.cpuToSqlite).toBeGreaterThan(0);
      expect(typeof report.startup.target.met).toBe('boolean');
      for (const target of report.targets) expect(typeof target.met).toBe('boolean');
    },
    childProcessBudget(10, { demoCalls: 100 }),
  );
});
