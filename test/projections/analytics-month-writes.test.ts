import { describe, expect, it } from 'vitest';
import { MonthTallies, ANALYTICS_MONTHS } from '../../src/projections/analytics-months.js';
import type { AnalysedCall } from '../../src/projections/analytics-rows.js';
import type { Document, Documents } from '../../src/projections/types.js';

/**
 * The running tallies write what a call's change moves, and nothing else: a row the change
 * leaves as it was is neither read nor written (on the hot path, every command that changes
 * a call's figures pays for the rows it touches).
 */

/** Documents in a map, each read and write of the analytics rows noted by the row's dimension and key. */
class NotedDocuments implements Documents {
  readonly rows = new Map<string, Document>();
  readonly reads: string[] = [];
  readonly writes: string[] = [];

  get<T extends Document>(collection: string, key: string): T | undefined {
    if (collection === ANALYTICS_MONTHS) this.reads.push(rowName(key));
    return this.rows.get(key) as T | undefined;
  }
  put(collection: string, key: string, document: Document): void {
    if (collection === ANALYTICS_MONTHS) this.writes.push(rowName(key));
    this.rows.set(key, structuredClone(document));
  }
  delete(collection: string, key: string): void {
    if (collection === ANALYTICS_MONTHS) this.writes.push(`${rowName(key)} deleted`);
    this.rows.delete(key);
  }
}

/** A row's document key is JSON of [dimension, month, key]. */
const rowName = (id: string): string => {
  const [by, , key] = JSON.parse(id) as [string, string, string];
  return `${by}:${key}`;
};

const resolvedCall: AnalysedCall = {
  reportedMonth: '2026-11',
  purpose: 'repair',
  product: 'server-r740',
  contractId: 'K-1',
  customerId: 'acme',
  coverageRule: null,
  coverageVerdict: null,
  minutes: 0,
  minutesByLabour: {},
  costs: {},
  workBy: [],
  resolvedAt: '2026-11-24T10:00:00.000Z',
  resolvedBy: 'eve',
  group: 'servers-l1',
};

describe('analytics by month, as a call changes', () => {
  it('reads and writes only the rows whose figures the change moves', () => {
    const tallies = new MonthTallies();
    const given = new NotedDocuments();
    tallies.change(given, null, resolvedCall);
    expect(given.writes.sort()).toEqual([
      'contract:K-1',
      'customer:acme',
      'engineer:eve',
      'group:servers-l1',
      'product:server-r740',
      'purpose:repair',
    ]);

    // A later batch (documents of their own): the solution now counts for another group.
    const later = new NotedDocuments();
    for (const [key, row] of given.rows) later.rows.set(key, row);
    tallies.change(later, resolvedCall, { ...resolvedCall, group: 'servers-l2' });

    expect(later.reads.sort()).toEqual(['group:servers-l1', 'group:servers-l2']);
    expect(later.writes.sort()).toEqual(['group:servers-l1 deleted', 'group:servers-l2']);
    expect(later.rows.get(JSON.stringify(['group', '2026-11', 'servers-l2']))).toMatchObject({
      calls: 0,
      resolved: 1,
    });
  });

  it('leaves every row alone when a change moves no figure', () => {
    const tallies = new MonthTallies();
    const given = new NotedDocuments();
    tallies.change(given, null, resolvedCall);
    const later = new NotedDocuments();
    for (const [key, row] of given.rows) later.rows.set(key, row);
    tallies.change(later, resolvedCall, { ...resolvedCall });
    expect(later.reads).toEqual([]);
    expect(later.writes).toEqual([]);
  });

  it('starts each change afresh, also after one that failed halfway', () => {
    const tallies = new MonthTallies();
    const failing = new NotedDocuments();
    failing.get = () => {
      throw new Error('the disk is gone');
    };
    expect(() => tallies.change(failing, null, resolvedCall)).toThrow('the disk is gone');
    const given = new NotedDocuments();
    tallies.change(given, null, { ...resolvedCall, resolvedAt: null, resolvedBy: null });
    // Only the new call's own share: nothing of the failed change is carried over.
    expect(given.rows.get(JSON.stringify(['customer', '2026-11', 'acme']))).toMatchObject({
      calls: 1,
      resolved: 0,
    });
    expect(given.writes.sort()).toEqual([
      'contract:K-1',
      'customer:acme',
      'product:server-r740',
      'purpose:repair',
    ]);
  });
});
