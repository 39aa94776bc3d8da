import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { meterAggregate } from '../../src/commands/aggregates.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { meterStreamName, type Actor } from '../../src/domain/index.js';
import { loadStream } from '../../src/streams/index.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import { temporaryDatabase } from '../support/files.js';

const sam: Actor = { id: 'sam', role: 'supervisor' };

/** A stream as it stood at a position of the whole log: what the planner's horizon knew. */
describe('loading a stream up to a position of the log', () => {
  it.each(['memory', 'sqlite'] as const)(
    'folds only the events stored at or before it, whatever other streams hold, also after a later load (%s)',
    async (kind) => {
      const file = temporaryDatabase();
      const callstream = await Callstream.open(
        kind === 'sqlite' ? { store: new SqliteEventStore(file.path) } : {},
      );
      let minute = 0;
      const run = async (type: string, fields: Record<string, unknown>) =>
        (await callstream.executeJson({
          type,
          commandId: uuid(),
          actor: sam,
          at: new Date(Date.parse('2026-02-01T00:00:00Z') + ++minute * 60_000).toISOString(),
          ...fields,
        })) as AggregateResult;
      await run('RegisterCustomer', { customerId: 'acme', name: 'Acme' });
      await run('AddSite', {
        customerId: 'acme',
        siteId: 'p',
        name: 'P',
        city: 'Paris',
        country: 'FR',
      });
      const read = (value: number, day: string) =>
        run('RecordReading', {
          serialNumber: 'COP-1',
          meterId: 'copies',
          value,
          readAt: `2026-01-${day}T10:00:00Z`,
        });
      await run('RegisterMeter', {
        serialNumber: 'COP-1',
        meterId: 'copies',
        unit: 'copies',
        kind: 'counter',
      });
      await read(100, '10');
      const second = await read(200, '11');
      // Other streams move the log on between the readings.
      const between = await run('AddSite', {
        customerId: 'acme',
        siteId: 'q',
        name: 'Q',
        city: 'Lyon',
        country: 'FR',
      });
      await read(300, '12');
      const stream = meterStreamName('COP-1');
      const fold = meterAggregate.decider;
      const now = await loadStream(callstream.store, stream, fold);
      const at = (position: bigint) =>
        loadStream(callstream.store, stream, fold, { toPosition: position }, now);
      // The meter's last reading as it stood then: the events after the position are not folded.
      const total = async (position: bigint) =>
        (await at(position)).state.meters.copies?.lastReading?.total;
      expect(await total(second.position)).toBe(200);
      expect(await total(between.position)).toBe(200);
      expect(await total(second.position - 1n)).toBe(100);
      expect((await at(between.position)).revision).toBe(2n);
      expect(now.state.meters.copies?.lastReading?.total).toBe(300);
      await callstream.close();
      file.remove();
    },
  );
});
