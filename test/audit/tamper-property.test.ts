import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temporaryDatabase } from '../support/files.js';
import { history } from '../support/histories.js';
import {
  duplicate,
  rewrite,
  rows,
  swap,
  tamper,
  verifyFile,
  type StoredRow,
} from '../support/tamper.js';
import { playedFile } from '../support/stored-files.js';

/** One change to a stored history, as an attacker or a faulty tool would make it. */
const change = fc.record({
  kind: fc.constantFrom(
    'data',
    'metadata',
    'type',
    'revision',
    'position',
    'delete',
    'insert',
    'swap',
    'truncate',
  ),
  pick: fc.nat(),
  other: fc.nat(),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const flip = (text: string, at: number): string => {
  const i = at % text.length;
  const next = text.charCodeAt(i) === 0x7a ? 'y' : String.fromCharCode(text.charCodeAt(i) + 1);
  return text.slice(0, i) + next + text.slice(i + 1);
};

/** Applies the change; returns the positions at which verify must report a break. */
function apply(file: string, { kind, pick, other }: Change): number[] {
  return tamper(file, (db) => {
    const all = rows(db);
    const row: StoredRow = all[pick % all.length]!;
    const last = all[all.length - 1]!.position;
    switch (kind) {
      case 'data':
        rewrite(db, row.position, { data: flip(row.data, other) });
        return [row.position];
      case 'metadata':
        rewrite(db, row.position, { metadata: flip(row.metadata, other) });
        return [row.position];
      case 'type':
        rewrite(db, row.position, { type: `${row.type}X` });
        return [row.position];
      case 'revision':
        rewrite(db, row.position, { revision: row.revision + 1000 });
        return [row.position];
      case 'position':
        rewrite(db, row.position, { position: last + 1000 });
        return [row.position, last + 1000];
      case 'delete':
        db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
        return [row.position];
      case 'insert':
        return [duplicate(db, row.position)];
      case 'swap': {
        const partner = all[(pick + 1 + (other % (all.length - 1))) % all.length]!;
        swap(db, row.position, partner.position);
        return [row.position, partner.position];
      }
      case 'truncate': {
        const cut = pick % all.length; // keep positions 1..cut
        db.prepare('DELETE FROM events WHERE position > ?').run(cut);
        return all.filter((r) => r.position > cut).map((r) => r.position);
      }
    }
  });
}

describe('verify, for random histories', () => {
  it('reports any single change, deletion, insertion, swap or cut tail where it is, and passes an untouched store', async () => {
    await fc.assert(
      fc.asyncProperty(history, change, async (actions, tampering) => {
        const db = temporaryDatabase();
        try {
          await playedFile(db.path, actions);
          const untouched = await verifyFile(db.path);
          expect(untouched.breaks).toEqual([]);
          expect(untouched.intact).toBe(true);

          const where = apply(db.path, tampering);
          const report = await verifyFile(db.path);
          expect(report.intact).toBe(false);
          const located = report.breaks.filter(
            (b) => b.position !== undefined && where.includes(Number(b.position)),
          );
          expect(
            located,
            JSON.stringify(report.breaks, (_k, v: unknown) =>
              typeof v === 'bigint' ? v.toString() : v,
            ),
          ).not.toEqual([]);
        } finally {
          db.remove();
        }
      }),
      { numRuns: 40 },
    );
  }, 600_000);
});
