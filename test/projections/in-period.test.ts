import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CallsProjection } from '../../src/projections/calls.js';
import { callsReportedIn } from '../../src/projections/in-period.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { Document, ReadModelStore } from '../../src/projections/types.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * Reports over a period (analytics, service-level statistics, the service-level what-if)
 * read the calls reported in it: by month on the calls' reportedMonth index when the period
 * has either end, so their cost follows the period, not the years kept.
 */
const calls = new CallsProjection(new MemoryEventStore());
const file = temporaryDatabase();
afterAll(() => file.remove());

/** Documents read, by how: `find` results, walks of a filter and whole walks, counted per document. */
function counted(inner: ReadModelStore) {
  const reads = { find: 0, filtered: 0, all: 0 };
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (name === 'find')
        return (...args: Parameters<ReadModelStore['find']>) => {
          const found = target.find(...args);
          reads.find += found.length;
          return found;
        };
      if (name === 'all')
        return function* (...args: Parameters<ReadModelStore['all']>) {
          for (const entry of target.all(...args)) {
            if (args[2]?.filter === undefined) reads.all++;
            else reads.filtered++;
            yield entry;
          }
        };
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store, reads };
}

const stores: Array<[string, () => ReadModelStore]> = [
  ['memory', () => new MemoryReadModelStore()],
  ['SQLite', () => new SqliteReadModelStore(`${file.path}-${Math.random()}`)],
];

const instant = fc
  .integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2031, 0, 1) })
  .map((ms) => new Date(ms));

/** A range's end: an instant among the calls', or the first or last instant a Date can hold. */
const bound = fc.oneof(
  { weight: 9, arbitrary: instant },
  { weight: 1, arbitrary: fc.constantFrom(new Date(-8.64e15), new Date(8.64e15)) },
);

/** Stores the summaries' report instants only: all that the walk reads. */
function withCalls(store: ReadModelStore, reported: readonly Date[]): void {
  store.ensureCollections(calls);
  const documents = new Map<string, Document | null>(
    reported.map((at, i) => [
      `call-${i}`,
      {
        callId: `call-${i}`,
        reportedAt: at.toISOString(),
        reportedMonth: at.toISOString().slice(0, 7),
      },
    ]),
  );
  store.commit([
    {
      projection: calls.name,
      version: calls.version,
      from: undefined,
      position: 1n,
      writes: new Map([['calls', documents]]),
    },
  ]);
}

describe('the calls reported in a period, read by month on the reportedMonth index', () => {
  for (const [name, open] of stores) {
    it(`gives exactly the calls reported in [from, to), and with either end reads only the period's months (${name})`, () => {
      fc.assert(
        fc.property(
          fc.array(instant, { maxLength: 40, size: 'max' }),
          fc.option(bound, { nil: undefined }),
          fc.option(bound, { nil: undefined }),
          (reported, from, to) => {
            const { store, reads } = counted(open());
            withCalls(store, reported);
            const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
            const got = [...callsReportedIn(store, range)].map((s) => s.callId).sort();
            const within = (at: Date) => (!from || at >= from) && (!to || at < to);
            const expected = reported.flatMap((at, i) => (within(at) ? [`call-${i}`] : [])).sort();
            expect(got).toEqual(expected);
            if (from || to) {
              // The months the range touches are read (an empty range none), nothing outside them.
              const touched = (at: Date) => {
                const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
                const end = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
                return end > (from?.getTime() ?? -Infinity) && start < (to?.getTime() ?? Infinity);
              };
              const inMonths = reported.filter(touched).length;
              expect(reads.all).toBe(0);
              expect(reads.filtered).toBeLessThanOrEqual(inMonths);
              // The first and the last month any call was reported in.
              expect(reads.find).toBeLessThanOrEqual(2);
            }
            store.close();
          },
        ),
        { numRuns: name === 'SQLite' ? 60 : 200 },
      );
    });
  }
});

describe('a read-model store of the embedder’s that does not know filtered walks', () => {
  it('still gives each call of a period once, not once per month the period spans', () => {
    const inner = new MemoryReadModelStore();
    // Written before `all` took a filter: it walks the whole collection whatever is asked.
    const older = new Proxy(inner, {
      get(target, name, receiver) {
        if (name === 'all')
          return (projection: string, collection: string) => target.all(projection, collection);
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const reported = ['2026-01-10', '2026-02-10', '2026-03-10'].map((day) => new Date(day));
    withCalls(older, reported);
    const period = { from: new Date('2026-01-01'), to: new Date('2026-04-01') };
    expect([...callsReportedIn(older, period)].map((s) => s.callId).sort()).toEqual([
      'call-0',
      'call-1',
      'call-2',
    ]);
  });
});
