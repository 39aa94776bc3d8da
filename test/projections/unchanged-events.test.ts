import { beforeAll, describe, expect, it } from 'vitest';
import { callEventTypes } from '../../src/domain/index.js';
import { customerView } from '../../src/projections/customer-view.js';
import { logBuilder, type LogEntry } from '../../src/projections/transaction-log.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { catalogueCalls } from '../support/catalogue-calls.js';

const copy = (event: RecordedEvent, data: unknown = event.data) => ({
  id: event.id,
  revision: event.revision,
  type: event.type,
  data: structuredClone(data),
  metadata: structuredClone(event.metadata),
});

/**
 * The log of a call up to and including the first event of a type, then that event recorded
 * again right after it (with other data, if given): the second time it changes nothing.
 */
function recordedTwice(
  calls: readonly RecordedEvent[][],
  type: string,
  data?: Record<string, unknown>,
): { entries: LogEntry[]; again: LogEntry[] } {
  for (const stream of calls) {
    const i = stream.findIndex((event) => event.type === type);
    if (i < 0) continue;
    const event = stream[i]!;
    const log = logBuilder();
    for (const earlier of stream.slice(0, i + 1)) log.add(copy(earlier));
    const from = log.entries.length;
    const repeated = { ...(event.data as Record<string, unknown>), ...data };
    log.add({ ...copy(event, repeated), id: `${event.id}-again`, revision: event.revision + 1n });
    return { entries: log.entries, again: log.entries.slice(from) };
  }
  throw new Error(`The catalogue records no ${type}`);
}

describe('an event that changes no field is in the log all the same', () => {
  let calls: RecordedEvent[][];
  beforeAll(async () => {
    calls = await catalogueCalls();
  }, 120_000);

  it('gives an event of every call event type an entry, even recorded again where it changes nothing', () => {
    const silent = callEventTypes.filter((type) => recordedTwice(calls, type).again.length === 0);
    expect(silent).toEqual([]);
  });

  it('shows an assignment back to the same group and engineer: who, when, why, and the fields it names, old = new', () => {
    const why = 'Routed by rule servers-italy (routing rules v1)';
    const { entries, again } = recordedTwice(calls, 'CallAssigned', { reason: why });
    expect(again.length).toBeGreaterThan(0);
    for (const entry of again) {
      expect(entry).toMatchObject({ eventType: 'CallAssigned', reason: why });
      expect(entry.field).toMatch(/^dispatch\./);
      expect(entry.new).toEqual(entry.old);
    }
    // The customer never sees dispatch, changed or not.
    expect(customerView(entries).filter((e) => e.reason === why)).toEqual([]);
  });

  it('shows the customer a visit moved to its own times, with why, as they see a visit moved', () => {
    const { entries, again } = recordedTwice(calls, 'OnSiteVisitRescheduled', {
      reason: 'Engineer ill',
    });
    expect(again.map((e) => e.field).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^transfers\.T\d+\.plannedStart$/)]),
    );
    const seen = customerView(entries).filter((e) => e.reason === 'Engineer ill');
    expect(seen.length).toBeGreaterThan(0);
    for (const entry of seen) expect(entry.new).toEqual(entry.old);
  });
});
