import { v4 as uuid } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { childProcessBudget, cli } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';
import { testPipeline } from '../support/pipeline.js';
import { defineEngineer, logCalls, schedule } from './support.js';

const sam = { id: 'sam', role: 'supervisor' };
const WRITERS = 4;
/** Tuesday's one-hour slots in eve's office hours: every writer tries every one. */
const SLOTS = ['08', '09', '10', '11', '13', '14', '15', '16'];

interface Reply {
  readonly ok: boolean;
  readonly error?: { readonly code: string };
}

/** The on-site visits the store holds for eve, as [start, end] in ms. */
async function visitsOf(path: string): Promise<Array<[number, number]>> {
  const store = new SqliteEventStore(path);
  const visits: Array<[number, number]> = [];
  try {
    for await (const event of store.readAll()) {
      if (event.type !== 'OnSiteVisitScheduled') continue;
      const data = event.data as { plannedStart: string; plannedEnd: string };
      visits.push([Date.parse(data.plannedStart), Date.parse(data.plannedEnd)]);
    }
  } finally {
    await store.close();
  }
  return visits.sort((a, b) => a[0] - b[0]);
}

describe('visits that never collide, under concurrency (issue 21)', () => {
  const file = temporaryDatabase();
  afterAll(() => file.remove());

  it(
    `${WRITERS} processes booking eve into the same ${SLOTS.length} slots on one SQLite file leave one visit per slot`,
    async () => {
      const setup = [
        { ...defineEngineer(), actor: sam },
        ...Array.from({ length: WRITERS * SLOTS.length }, (_, i) => ({
          type: 'LogCall',
          commandId: uuid(),
          actor: sam,
          intake: { mode: 'knowledgeable', channel: 'phone' },
          subject: { kind: 'product', productId: 'server-x', category: 'technical-question' },
          description: `Call ${i}`,
          // Before the visits on Tuesday 2026-11-24: the processes' clock is the real one.
          reportedAt: '2026-11-23T09:00:00.000Z',
        })),
      ];
      const prepared = await cli(['exec', '--db', file.path], {
        input: setup.map((line) => JSON.stringify(line)).join('\n'),
      });
      expect(prepared.stdout.split('\n').filter((l) => l.includes('"ok":false'))).toEqual([]);
      expect(prepared.code).toBe(0);
      const number = (i: number) => `C-${String(i + 1).padStart(6, '0')}`;
      const runs = await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) =>
          cli(['exec', '--db', file.path], {
            input: SLOTS.map((hour, slot) =>
              JSON.stringify({
                ...schedule(number(writer * SLOTS.length + slot), `${hour}:00`, `${hour}:59`),
                actor: sam,
              }),
            ).join('\n'),
          }),
        ),
      );
      const replies = runs.flatMap((run) =>
        run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Reply),
      );
      expect(replies).toHaveLength(WRITERS * SLOTS.length);
      expect(replies.filter((r) => r.ok)).toHaveLength(SLOTS.length);
      expect(new Set(replies.filter((r) => !r.ok).map((r) => r.error!.code))).toEqual(
        new Set(['VisitOverlaps']),
      );
      const visits = await visitsOf(file.path);
      expect(visits).toHaveLength(SLOTS.length);
      for (let i = 1; i < visits.length; i++)
        expect(visits[i]![0]).toBeGreaterThanOrEqual(visits[i - 1]![1]);
    },
    childProcessBudget(WRITERS + 1),
  );

  it('two pipelines on one SQLite file racing for one slot: one visit, one VisitOverlaps', async () => {
    const other = temporaryDatabase();
    const a = new SqliteEventStore(other.path);
    const b = new SqliteEventStore(other.path);
    try {
      let now = Date.parse('2026-11-23T09:00:00.000Z');
      const clock = () => new Date((now += 60_000)); // one clock: both are the same office
      const first = testPipeline({ store: a, clock }).pipeline;
      const second = testPipeline({ store: b, clock }).pipeline;
      await first.execute(defineEngineer());
      const numbers = await logCalls(first, 10);
      for (const [round, hour] of ['08', '09', '10', '11', '13'].entries()) {
        const outcomes = await Promise.allSettled([
          first.execute(schedule(numbers[2 * round]!, `${hour}:00`, `${hour}:30`)),
          second.execute(schedule(numbers[2 * round + 1]!, `${hour}:15`, `${hour}:45`)),
        ]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = outcomes.find((o) => o.status === 'rejected')!;
        expect((refused.reason as { code: string }).code).toBe('VisitOverlaps');
      }
    } finally {
      await a.close();
      await b.close();
      other.remove();
    }
  });
});
