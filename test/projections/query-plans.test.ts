import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { DEMO_ROUTING_VERSION } from '../../src/demo/routing-rules.js';
import { queryBoard, openCallsFor } from '../../src/projections/board.js';
import { queryHistory } from '../../src/projections/history.js';
import { queryInbox } from '../../src/projections/requests.js';
import { notificationCounts } from '../../src/projections/notifications.js';
import { queryAgenda } from '../../src/projections/agenda.js';
import {
  allowanceCalls,
  allowanceUse,
  billingTotals,
  readyToInvoice,
} from '../../src/projections/billing.js';
import { callsDueForBilling } from '../../src/projections/call-billing.js';
import { callAnalytics } from '../../src/projections/analytics.js';
import { serviceReport } from '../../src/projections/service-report/index.js';
import { ReadModelMasterData } from '../../src/master-data/read-model.js';
import { equipmentOfItem } from '../../src/commands/planner-index.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { UnindexedQuery } from '../../src/projections/read-models/index-choice.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import type {
  Document,
  Filter,
  FindOptions,
  SearchOptions,
  WalkOptions,
} from '../../src/projections/types.js';
import { temporaryDatabase } from '../support/files.js';

interface Shape {
  readonly projection: string;
  readonly collection: string;
  readonly filter: Filter;
  readonly options: FindOptions;
  /** A page of a filtered walk (`all`): the documents past a key. */
  readonly after?: string;
}

/** A SQLite read-model store that remembers every query shape it is asked. */
class RecordingReadModels extends SqliteReadModelStore {
  readonly shapes = new Map<string, Shape>();
  override find<T extends Document>(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
  ): T[] {
    const shape = { projection, collection, filter, options };
    const key = JSON.stringify([
      projection,
      collection,
      Object.entries(filter).map(([f, v]) => [f, Array.isArray(v) ? v.length : typeof v]),
      options,
    ]);
    this.shapes.set(key, shape);
    return super.find(projection, collection, filter, options);
  }

  override all<T extends Document>(
    projection: string,
    collection: string,
    options: WalkOptions = {},
  ): Iterable<[string, T]> {
    const { filter } = options;
    if (filter !== undefined) {
      const shape = { projection, collection, filter, options: { limit: 500 }, after: 'C' };
      this.shapes.set(JSON.stringify(['walk', projection, collection, Object.keys(filter)]), shape);
    }
    return super.all<T>(projection, collection, options);
  }

  recordsCounts = true;
  override count(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: { readonly upTo?: number } = {},
  ): number {
    // The checks below count too: only the queries the read functions issue are recorded.
    if (this.recordsCounts) {
      const key = JSON.stringify(['count', projection, collection, Object.keys(filter)]);
      this.shapes.set(key, { projection, collection, filter, options: {} });
    }
    return super.count(projection, collection, filter, options);
  }

  readonly searches = new Map<
    string,
    { projection: string; collection: string; text: string; options: SearchOptions }
  >();
  override search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    options: SearchOptions = {},
  ) {
    const shape = `${projection}.${collection}${options.until ? ` until ${options.until.field}` : ''}`;
    this.searches.set(shape, { projection, collection, text, options });
    return super.search(projection, collection, text, limit, options);
  }
}

const boolean = (wanted: Filter[string]): boolean =>
  typeof (Array.isArray(wanted) ? wanted[0] : wanted) === 'boolean';

describe('every read-model query runs on an index fit for it (EXPLAIN QUERY PLAN), whatever statistics SQLite has', () => {
  const file = temporaryDatabase();
  let events: SqliteEventStore;
  let readModels: RecordingReadModels;
  let callstream: Callstream;

  beforeAll(async () => {
    events = new SqliteEventStore(file.path, { synchronous: 'NORMAL' });
    readModels = new RecordingReadModels(events.db);
    const clock = new SimulatedClock(DEMO_START);
    callstream = new Callstream({
      store: events,
      readModels,
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    await runDemo(callstream, { calls: 120, seed: 7, clock });
    // Every query the public read functions issue, with each filter they accept.
    const asOf = new Date('2026-12-01T00:00:00Z');
    queryBoard(readModels);
    queryBoard(readModels, {
      status: ['Assigned', 'InProcess'],
      priority: [1, 2],
      group: 'servers-l1',
      engineer: ['eve'],
      customerId: 'acme',
      asOf,
      serviceLevel: 'breached',
      limit: 5,
    });
    queryBoard(readModels, { customerId: ['acme', 'rossi'] });
    queryBoard(readModels, { serialNumber: 'PC-ACMP15' });
    openCallsFor(readModels, 'acme', 'PC-ACMP15');
    // The organisation's week (Paris: two UTC weeks, a list), and a week in UTC (one).
    await callstream.agenda('eve', '2026-W48');
    queryAgenda(
      readModels,
      'eve',
      new Date('2026-11-23T00:00:00Z'),
      new Date('2026-11-30T00:00:00Z'),
    );
    await callstream.boardAsOf(new Date('2026-11-20T12:00:00Z'));
    queryHistory(readModels);
    queryHistory(readModels, { limit: 10 });
    queryHistory(readModels, { customerId: 'acme', limit: 10 });
    queryHistory(readModels, { serialNumber: 'PC-ACMP15' });
    queryInbox(readModels);
    queryInbox(readModels, { inbox: 'email', limit: 10 });
    queryInbox(readModels, { status: 'refused' });
    readyToInvoice(readModels);
    Array.from(callsDueForBilling(readModels)); // a generator: read to its end
    // Reports over a period: the period's months, and the first and last month with calls;
    // analytics its tallies' whole months, and the calls of a month cut by the period.
    callAnalytics(readModels, 'purpose', { from: new Date('2026-11-01T00:00:00Z'), to: asOf });
    callAnalytics(readModels, 'engineer');
    await callstream.serviceLevelStatistics(asOf, 'group', {
      from: new Date('2026-11-10T00:00:00Z'),
    });
    // Whole months: the settled calls' tallies and the calls not settled yet.
    await callstream.serviceLevelStatistics(asOf, 'customer');
    billingTotals(readModels, 'contract', { from: new Date('2026-11-01T00:00:00Z'), to: asOf });
    await callstream.routeWhatIf(DEMO_ROUTING_VERSION, {
      from: new Date('2026-11-01T00:00:00Z'),
      to: asOf,
    });
    allowanceUse(readModels, 'acme-2026');
    allowanceCalls(readModels, 'acme-2026.L1.2026', { limit: 20 });
    allowanceCalls(readModels, 'acme-2026.L1.2026', { descending: true });
    serviceReport(readModels);
    serviceReport(readModels, {
      from: new Date('2026-01-05T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
    await new ReadModelMasterData(readModels).contractsOf('acme');
    equipmentOfItem(readModels, 'pc-optiplex');
    callstream.solutions({
      item: 'copier-mx5',
      product: 'copier-mx5',
      problem: 'P-JAM',
      text: 'paper jam',
    });
    await callstream.suggest('C-000001');
    callstream.suggestionQuality({ from: new Date('2026-11-01T00:00:00Z'), to: asOf });
    notificationCounts(readModels);
    readModels.recordsCounts = false;
  }, 600_000);

  afterAll(async () => {
    await callstream.close();
    file.remove();
  });

  it('has seen the queries of the command path, the board, history, inboxes, billing, master data, the planner and the agenda', () => {
    const seen = new Set(
      [...readModels.shapes.values()].map((s) => `${s.projection}.${s.collection}`),
    );
    expect([...seen].sort()).toEqual([
      'agenda.entries',
      'billing.allowanceUses',
      'billing.allowances',
      'billing.invoices',
      'billing.ledger',
      'calls.analyticsMonths',
      'calls.billing',
      'calls.calls',
      'calls.serviceLevelMonths',
      'calls.unsettledCalls',
      'knowledge.outcomes',
      'master-data.contracts',
      'notifications.notifications',
      'open-intervals.months',
      'planned-work.equipment',
      'requests.requests',
      'service-report.groups',
      'service-report.purposes',
      'service-report.weeks',
      'service-report.work',
    ]);
    expect(readModels.shapes.size).toBeGreaterThanOrEqual(16);
    // Reports over a period: a month of calls, and the first and last month with calls.
    const shapes = [...readModels.shapes.values()];
    expect(shapes.some((s) => 'reportedMonth' in s.filter)).toBe(true);
    expect(shapes.some((s) => s.options.orderBy === 'reportedMonth' && s.options.limit === 1)).toBe(
      true,
    );
    const tallies = shapes.filter((s) => s.collection === 'analyticsMonths');
    expect(tallies.some((s) => 'dimension' in s.filter && 'month' in s.filter)).toBe(true);
    expect(tallies.some((s) => s.options.orderBy === 'month' && s.options.limit === 1)).toBe(true);
    const settled = shapes.filter((s) => s.collection === 'serviceLevelMonths');
    expect(settled.some((s) => 'dimension' in s.filter && 'month' in s.filter)).toBe(true);
    const unsettled = shapes.filter((s) => s.collection === 'unsettledCalls');
    expect(unsettled.some((s) => 'month' in s.filter)).toBe(true);
  });

  for (const statistics of ['none', 'analyzed'] as const) {
    it(`seeks on a declared index for every shape, and sorts only what one customer, serial number or item has (statistics: ${statistics})`, () => {
      if (statistics === 'analyzed') events.db.exec('ANALYZE');
      else
        events.db.exec(
          'DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4; ANALYZE sqlite_schema',
        );
      for (const shape of readModels.shapes.values()) {
        const { choice, steps: plan } = readModels.explainFind(
          shape.projection,
          shape.collection,
          shape.filter,
          shape.options,
          shape.after,
        );
        const where = `${shape.projection}.${shape.collection} ${JSON.stringify(shape.filter)} ${JSON.stringify(shape.options)}:\n${plan.join('\n')}`;
        const reads = plan.filter((step) => step.includes('rm_documents'));
        expect(reads.length, where).toBeGreaterThan(0);
        // Or, for the first rows in an index's order (no field fixed, a limit), a walk of that
        // collection's own partial index stopped at the limit (the latest month with calls).
        const walk =
          choice.ordered && choice.equalities.length === 0 && shape.options.limit !== undefined
            ? `|SCAN rm_documents USING INDEX ${choice.index.name}$`
            : '';
        for (const step of reads)
          expect(step, where).toMatch(new RegExp(`^SEARCH rm_documents USING INDEX rm_${walk}`));
        // A page of a walk seeks past the last key read: the index gives the key's order too.
        if (shape.after !== undefined)
          for (const step of reads) expect(step, where).toMatch(/ AND key>\?\)$/);
        // A find up to an instant starts its seek there: the order column bounded on the index.
        if (shape.options.until !== undefined)
          for (const step of reads) expect(step, where).toMatch(/ AND <expr><\?\)$/);
        // A sort is bounded only when the seek fixes a value that picks out a few documents.
        const selective = choice.equalities.some((field) => !boolean(shape.filter[field]!));
        if (!selective)
          expect(
            plan.some((step) => step.includes('TEMP B-TREE')),
            where,
          ).toBe(false);
        // A walk to the limit has no total: counting the whole collection is refused (UnindexedQuery).
        if (walk) {
          expect(() => readModels.count(shape.projection, shape.collection, shape.filter)).toThrow(
            UnindexedQuery,
          );
          continue;
        }
        // A list's total (`{ rows, total, truncated }`) is counted on the same index: on it
        // alone, no document read, when it holds every field the filter names.
        const counted = readModels.explainCount(shape.projection, shape.collection, shape.filter);
        const covered = Object.keys(shape.filter).every((f) => choice.index.fields.includes(f));
        expect(counted.join('\n'), where).toMatch(
          covered
            ? /^SEARCH rm_documents USING COVERING INDEX rm_/
            : /^SEARCH rm_documents USING INDEX rm_/,
        );
        // The filter's total: all of its documents, not those up to a find's `until` only.
        const total = readModels.find(shape.projection, shape.collection, shape.filter, {
          ...shape.options,
          limit: undefined,
          until: undefined,
        }).length;
        expect(readModels.count(shape.projection, shape.collection, shape.filter), where).toBe(
          total,
        );
        expect(
          readModels.count(shape.projection, shape.collection, shape.filter, { upTo: 3 }),
          where,
        ).toBe(Math.min(3, total));
      }
    });
  }

  it('searches words on an FTS5 index among the latest documents only (as of an instant too), joining the best to their documents by rowid (as of an instant, checked there against its window)', () => {
    expect([...readModels.searches.keys()].sort()).toEqual([
      'knowledge.outcomes',
      'knowledge.outcomes until resolvedAt',
    ]);
    for (const { projection, collection, text, options } of readModels.searches.values()) {
      expect(options.recent).toBeGreaterThan(0);
      const { window, walk, search } = readModels.explainSearch(
        projection,
        collection,
        text,
        options,
      );
      if (options.until) {
        // As of an instant, the window: the latest up to it on the field's index alone (no
        // document read, no sort); no walk along the rowids.
        expect(window.join('\n')).toMatch(
          /^SEARCH rm_documents USING COVERING INDEX rm_knowledge_outcomes__resolvedAt \(<expr><\?\)$/,
        );
        expect(walk).toEqual([]);
      } else {
        expect(window).toEqual([]);
        // The lowest recent rowid: a walk back along the rowids, no sort.
        expect(walk.join('\n')).toMatch(/^SCAN \w+ VIRTUAL TABLE INDEX \d+:D?$/);
      }
      const plan = search.join('\n');
      // FTS5 takes the rowid bounds (> <) with the words (M): it reads no older or later match.
      expect(plan).toMatch(/^SCAN rm_fts_\w+ VIRTUAL TABLE INDEX \d+:M\d*><$/m);
      // One sort, of the matches among the latest documents (at most `recent` rows, top-N kept).
      expect(plan.match(/TEMP B-TREE/g)).toHaveLength(1);
      expect(plan).toMatch(/^SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)$/m);
    }
  });

  it('refuses a query no index serves instead of reading every document', () => {
    expect(() => readModels.find('calls', 'calls', { group: 'servers-l1' })).toThrow(
      UnindexedQuery,
    );
    expect(() => readModels.find('calls', 'calls', {}, { orderBy: 'priority' })).toThrow(
      UnindexedQuery,
    );
    expect(() => readModels.find('service-report', 'groups', { group: 'servers-l1' })).toThrow(
      UnindexedQuery,
    );
  });
});
