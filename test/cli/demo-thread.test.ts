import { describe, expect, it } from 'vitest';
import { DEMO_YOUNG_GENERATION_MB } from '../../src/launch/demo-thread.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * `callstream demo` runs on a thread of its own whose young generation is bounded
 * (src/launch/demo-thread.ts). On the process's main thread V8 reserves up to about 34 MB for
 * it, which a demo of 300 calls already reaches; the memory log after each phase of the end
 * of the period (CALLSTREAM_DEMO_DEBUG) says what it holds.
 */
describe('callstream demo, on its thread', () => {
  it(
    'keeps its young generation within the bound, logs the peak so far, and answers as on the main thread',
    async () => {
      const db = temporaryDatabase();
      try {
        const run = await cli(['demo', '--calls', '300', '--db', db.path, '--json'], {
          env: { CALLSTREAM_DEMO_DEBUG: '1' },
        });
        expect(run.code).toBe(0);
        const young = [...run.stderr.matchAll(/young generation (\d+) MB/g)].map(([, mb]) =>
          Number(mb),
        );
        expect(young).toHaveLength(5);
        for (const mb of young) expect(mb).toBeLessThanOrEqual(DEMO_YOUNG_GENERATION_MB);
        // The process's peak resident set so far, after each phase: never below the resident
        // set then (a peak read in KiB as bytes would be), never falling.
        const phases = [
          ...run.stderr.matchAll(/resident (\d+) MB, .* peak resident so far (\d+) MB/g),
        ].map(([, resident, peak]) => ({ resident: Number(resident), peak: Number(peak) }));
        expect(phases).toHaveLength(5);
        phases.forEach(({ resident, peak }, i) => {
          expect(peak).toBeGreaterThanOrEqual(resident);
          if (i > 0) expect(peak).toBeGreaterThanOrEqual(phases[i - 1]!.peak);
        });
        // Its whole summary, written by the thread, reaches standard output before the process ends.
        expect(json<{ callsRequested: number }>(run).callsRequested).toBe(300);

        // A refusal's exit code and message come through too.
        const refused = await cli(['demo', '--calls', '0', '--db', db.path]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('--calls');
      } finally {
        db.remove();
      }
    },
    childProcessBudget(2, { demoCalls: 300 }),
  );
});
