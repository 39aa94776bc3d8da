import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decode, documentPages, type StoredDocument } from './document-pages.js';
import type { LiveView } from './live-snapshot.js';
import { MemoryReadModelStore } from './read-models/memory.js';
import { PrivateReadModels } from './read-models/private.js';
import { SqliteReadModelStore } from './read-models/sqlite.js';
import type { Document, Projection, ReadModelStore } from './types.js';

export interface Difference {
  readonly projection: string;
  readonly collection: string;
  readonly key: string;
  readonly live: Document | undefined;
  readonly rebuilt: Document | undefined;
}

/** Differences kept in a report: enough to act on, and a report stays small when a fold is wrong for every document. */
export const MAX_DIFFERENCES = 1000;

export interface VerifyReport {
  readonly events: number;
  readonly position: bigint | undefined;
  readonly documents: number;
  readonly differences: readonly Difference[];
  /** Documents that differ, all of them (`differences` lists the first MAX_DIFFERENCES). */
  readonly differing: number;
}

/** Replays the store into `readModels` for `projections`, up to `untilPosition`; gives the events read. */
export type Replay = (
  readModels: ReadModelStore,
  projections: readonly Projection[],
  untilPosition: bigint,
) => Promise<number>;

/**
 * Rebuilds forks of `projections` into `scratch`, each exactly to the checkpoint the live one
 * has in `view`, then compares the documents of that view with the rebuilt ones. The scratch
 * read models are disposed of afterwards.
 */
export async function rebuildAndCompare(
  projections: readonly Projection[],
  view: LiveView,
  scratch: Scratch,
  replay: Replay,
): Promise<VerifyReport> {
  try {
    const forks = projections.map((p) => p.fork?.() ?? p);
    const until = projections.map((p) => {
      const checkpoint = view.checkpoint(p.name);
      return checkpoint?.version === p.version ? checkpoint.position : undefined;
    });
    // Lowest checkpoint first: each step takes on the projections that go further.
    const positions = [...new Set(until.filter((p) => p !== undefined))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    let events = 0;
    for (const position of positions) {
      const due = forks.filter((_, i) => until[i]! >= position);
      events += await replay(scratch.readModels, due, position);
    }
    const { documents, differences, differing } = compareReadModels(
      projections,
      view,
      scratch.readModels,
    );
    return { events, position: positions.at(-1), documents, differences, differing };
  } finally {
    scratch.dispose();
  }
}

/** Read models to rebuild into, thrown away after the comparison. */
export interface Scratch {
  readonly readModels: ReadModelStore;
  dispose(): void;
}

/**
 * Where a verification rebuilds: beside read models in SQLite, a temporary SQLite file
 * (memory stays bounded however many documents there are; the file is deleted after);
 * beside read models in memory, memory. Both sides then order keys alike.
 */
export function scratchFor(live: ReadModelStore, parent = tmpdir()): Scratch {
  // Sealed live read models are rebuilt sealed too: no personal value in clear in a scratch file.
  if (live instanceof PrivateReadModels) {
    const scratch = scratchFor(live.inner, parent);
    return {
      readModels: new PrivateReadModels(scratch.readModels, live.keys),
      dispose: () => scratch.dispose(),
    };
  }
  if (!(live instanceof SqliteReadModelStore))
    return { readModels: new MemoryReadModelStore(), dispose: () => undefined };
  const directory = mkdtempSync(join(parent, 'callstream-verify-'));
  const db = new Database(join(directory, 'rebuilt.db'));
  // Thrown away after use: no journal, no syncing.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  return {
    readModels: new SqliteReadModelStore(db),
    dispose: () => {
      db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Compares the live read models with the rebuilt ones, collection by collection, walking
 * both in key order a page at a time (a merge of two sorted walks): memory holds a page of
 * each side, not the collections. Documents compare by content, whatever order their keys
 * were written in.
 */
export function compareReadModels(
  projections: readonly Projection[],
  live: ReadModelStore | LiveView,
  rebuilt: ReadModelStore,
): { documents: number; differences: Difference[]; differing: number } {
  const livePages = (projection: Projection, collection: string) =>
    'release' in live
      ? live.pages(projection, collection)
      : documentPages(live, projection, collection);
  const differences: Difference[] = [];
  let documents = 0;
  let differing = 0;
  for (const projection of projections) {
    for (const collection of Object.keys(projection.collections)) {
      const codec = projection.collections[collection]?.codec;
      const differ = (
        key: string,
        a: StoredDocument | undefined,
        b: StoredDocument | undefined,
      ) => {
        differing++;
        if (differences.length < MAX_DIFFERENCES) {
          differences.push({
            projection: projection.name,
            collection,
            key,
            live: a && decode(codec, a.json),
            rebuilt: b && decode(codec, b.json),
          });
        }
      };
      const left = walk(livePages(projection, collection));
      const right = walk(documentPages(rebuilt, projection, collection));
      let a = left.next();
      let b = right.next();
      // Both walks are in the store's key order; where the key sets agree they advance together.
      while (a || b) {
        if (a && a.key === b?.key) {
          documents++;
          if (a.json !== b.json && canonical(JSON.parse(a.json)) !== canonical(JSON.parse(b.json)))
            differ(a.key, a, b);
          a = left.next();
          b = right.next();
        } else if (a && (!b || a.key < b.key)) {
          differ(a.key, a, undefined);
          a = left.next();
        } else {
          documents++;
          differ(b!.key, undefined, b);
          b = right.next();
        }
      }
    }
  }
  return { documents, differences, differing };
}

/** One document at a time from a walk of pages; undefined at the end. */
function walk(pages: Iterator<StoredDocument[]>): { next(): StoredDocument | undefined } {
  let page: StoredDocument[] = [];
  let i = 0;
  return {
    next() {
      while (i >= page.length) {
        const more = pages.next();
        if (more.done) return undefined;
        page = more.value;
        i = 0;
      }
      return page[i++];
    },
  };
}

/** JSON with keys sorted: documents compare by content, whatever order their keys were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(
          Object.entries(member as Record<string, unknown>).sort(([x], [y]) =>
            x < y ? -1 : x > y ? 1 : 0,
          ),
        )
      : member,
  );
}
