import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

/** Issue 21 on the command line, over a demo database: the routing what-if and an engineer's agenda. */
describe('callstream route what-if and agenda (real child processes)', () => {
  beforeAll(
    async () => {
      const run = await cli(['demo', '--calls', '60', '--seed', '3', '--db', db]);
      expect(run.code).toBe(0);
    },
    childProcessBudget(1, { demoCalls: 60 }),
  );

  it(
    'replays routing under the version that routed the calls: nothing goes elsewhere',
    async () => {
      const report = json<{
        version: number;
        calls: number;
        differing: number;
        rows: Array<{ factsAsOf: string; comparedWith: string; reportedAt: string }>;
      }>(await cli(['route', 'what-if', '--version', '1', '--db', db, '--json']));
      expect(report.version).toBe(1);
      expect(report.calls).toBeGreaterThan(40);
      expect(report.differing).toBe(0);
      // Every routed call is judged on the facts recorded when it was routed.
      const routed = report.rows.filter((r) => r.comparedWith === 'recorded-decision');
      expect(routed.length).toBeGreaterThan(40);
      expect(new Set(routed.map((r) => r.factsAsOf))).toEqual(new Set(['routing']));
      const text = await cli(['route', 'what-if', '--version', '1', '--db', db]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(
        `Routing rules v1: ${report.calls} calls, 0 would go elsewhere`,
      );
      expect(text.stdout).toContain('No call would go elsewhere under v1.');
      // A period: the calls reported in it, read by month.
      const { rows } = report;
      const middle = rows.map((r) => r.reportedAt).sort()[Math.floor(rows.length / 2)]!;
      const later = json<{ calls: number; rows: Array<{ reportedAt: string }> }>(
        await cli(['route', 'what-if', '--version', '1', '--from', middle, '--db', db, '--json']),
      );
      expect(later.calls).toBe(rows.filter((r) => r.reportedAt >= middle).length);
      expect(later.calls).toBeLessThan(report.calls);
      expect(later.rows.every((r) => r.reportedAt >= middle)).toBe(true);
      const unknown = await cli(['route', 'what-if', '--version', '9', '--db', db]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No version 9 of the routing rules');
    },
    childProcessBudget(4),
  );

  it(
    "shows an engineer's week: visits inside it, free time between them",
    async () => {
      const week = json<{
        engineer: string;
        week: string;
        from: string;
        to: string;
        visits: Array<{ start: string; end: string }>;
        freeSlots: Array<{ start: string; end: string }>;
      }>(await cli(['agenda', '--engineer', 'eve', '--week', '2026-W45', '--db', db, '--json']));
      // A week that does not exist is a usage error, as a malformed one is.
      for (const notAWeek of ['2025-W53', '2026-w45']) {
        const wrong = await cli(['agenda', '--engineer', 'eve', '--week', notAWeek, '--db', db]);
        expect(wrong.code, notAWeek).toBe(2);
        expect(wrong.stderr).toContain(`--week is an ISO week such as 2026-W48, not ${notAWeek}`);
      }
      expect(week).toMatchObject({ engineer: 'eve', week: '2026-W45' });
      for (const visit of week.visits) {
        expect(visit.start >= week.from && visit.end <= week.to).toBe(true);
        for (const slot of week.freeSlots)
          expect(slot.end <= visit.start || slot.start >= visit.end).toBe(true);
      }
      expect(week.freeSlots.length).toBeGreaterThan(0);
    },
    childProcessBudget(1),
  );

  it(
    'ends quietly when its reader stops early (callstream … | head)',
    async () => {
      const bin = fileURLToPath(new URL('../../bin/callstream.js', import.meta.url));
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [bin, 'schema', '--json']);
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          // Read the first chunk, then leave, as head does.
          child.stdout.once('data', () => child.stdout.destroy());
          child.on('error', reject);
          child.on('close', (exitCode) => resolve({ code: exitCode, stderr }));
        },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
    childProcessBudget(1),
  );
});
