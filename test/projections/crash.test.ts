import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { steppingClock } from '../support/clock.js';
import { childProcessBudget } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

describe('a SQLite projection killed in the middle of a rebuild', () => {
  it(
    'resumes from its checkpoint to exactly the read model a clean rebuild gives',
    async () => {
      const file = temporaryDatabase();
      try {
        const writer = new Callstream({
          customerValidation: false,
          file: file.path,
          synchronous: 'NORMAL',
          projectionMode: 'manual',
          clock: steppingClock(),
        });
        const calls = await Promise.all(
          Array.from({ length: 400 }, () => writer.execute(logCallRequest())),
        );
        await Promise.all(
          calls.map((c) =>
            writer.execute(
              command({ type: 'AssignCall', call: c.callId, engineer: 'eve', group: 'l1' }),
            ),
          ),
        );
        await Promise.all(
          calls.map((c) =>
            writer.execute(
              command({
                type: 'BookTime',
                actor: staff.eve,
                call: c.callId,
                labourType: 'remote',
                minutes: 20,
              }),
            ),
          ),
        );
        await writer.catchUp();
        const head = await writer.store.headPosition();
        await writer.close();

        let partial = 0;
        for (let attempt = 0; attempt < 5 && partial === 0; attempt++) {
          const child = fork(
            new URL('../fixtures/rebuild-slowly.mjs', import.meta.url),
            [file.path],
            { stdio: 'ignore' },
          );
          await new Promise<void>((resolve) => child.once('message', () => resolve()));
          await new Promise((resolve) => setTimeout(resolve, 40 + attempt * 40));
          child.kill('SIGKILL');
          await new Promise((resolve) => child.once('exit', resolve));
          const probe = new Callstream({
            customerValidation: false,
            file: file.path,
            projectionMode: 'manual',
          });
          const checkpoint = probe.readModels.checkpoint('calls')?.position;
          if (checkpoint !== undefined && checkpoint < head!) partial = Number(checkpoint);
          await probe.close();
        }
        expect(partial, 'the kill should land in the middle of the rebuild').toBeGreaterThan(0);

        const resumed = new Callstream({
          customerValidation: false,
          file: file.path,
          projectionMode: 'manual',
        });
        const report = await resumed.catchUp();
        expect(report.events).toBe(Number(head!) - partial);
        const check = await resumed.verify();
        expect(check.differences).toEqual([]);
        // 400 call summaries, the 400 calls' open intervals, and the service report's 400 call
        // facts with the documents of the one week they fall in: its counts, its calls by purpose, the totals;
        // the knowledge read model's 400 calls being worked (none resolved: no outcomes); and
        // the analytics tallies of their one month, a row per dimension: one purpose, product,
        // contract, customer, engineer and group (every call alike, its 20 minutes by eve in l1);
        // and the 400 calls not settled, listed for the service-level statistics.
        expect(check.documents).toBe(2009);
        expect(resumed.board({ engineer: 'eve' })).toHaveLength(400);
        await resumed.close();
      } finally {
        file.remove();
      }
    },
    childProcessBudget(5),
  );
});
