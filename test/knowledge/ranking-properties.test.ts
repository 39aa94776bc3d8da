import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KnowledgeReads,
  knowledgeProjection,
  querySolutions,
  solutionsFor,
  type OutcomeDocument,
} from '../../src/projections/knowledge/index.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import type { Document } from '../../src/projections/types.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 3_600_000).toISOString();

const outcomeArbitrary: fc.Arbitrary<Drawn> = fc.record({
  item: fc.constantFrom('copier-mx5', 'pc-optiplex'),
  problem: fc.constantFrom('P-JAM', 'P-SLOW', null),
  solution: fc.constantFrom('S-ROLLER', 'S-RESTART', 'S-CLEAN', null),
  resolvedHour: fc.integer({ min: 0, max: 100 }),
  failure: fc.option(
    fc.record({
      kind: fc.constantFrom('rejected' as const, 'reopened' as const),
      after: fc.integer({ min: 1, max: 50 }),
    }),
  ),
  words: fc.constantFrom('paper jams', 'very slow', 'jam and slow', 'nothing'),
});
interface Drawn {
  readonly item: string;
  readonly problem: string | null;
  readonly solution: string | null;
  readonly resolvedHour: number;
  readonly failure: { readonly kind: 'rejected' | 'reopened'; readonly after: number } | null;
  readonly words: string;
}

function outcome(drawn: Drawn, index: number, asOfHour?: number): OutcomeDocument {
  const failedHour = drawn.failure ? drawn.resolvedHour + drawn.failure.after : undefined;
  const failed = failedHour !== undefined && (asOfHour === undefined || failedHour <= asOfHour);
  return {
    callId: `call-${String(index).padStart(3, '0')}`,
    number: `C-${String(index).padStart(6, '0')}`,
    attempt: 1,
    item: drawn.item,
    product: null,
    problem: drawn.problem,
    cause: null,
    solution: drawn.solution,
    resolution: drawn.solution ?? drawn.words,
    loggedAt: day(drawn.resolvedHour - 1),
    resolvedAt: day(drawn.resolvedHour),
    failure: failed ? drawn.failure!.kind : null,
    failed,
    failedAt: failed ? day(failedHour) : null,
    words: drawn.words,
  };
}

function store(outcomes: readonly OutcomeDocument[]): MemoryReadModelStore {
  const readModels = new MemoryReadModelStore();
  readModels.ensureCollections(knowledgeProjection);
  const docs = new Map<string, Document | null>(
    outcomes.map((o) => [`${o.callId}/001`, o as Document]),
  );
  readModels.commit([
    {
      projection: knowledgeProjection.name,
      version: knowledgeProjection.version,
      from: undefined,
      position: 1n,
      writes: new Map([['outcomes', docs]]),
    },
  ]);
  return readModels;
}

describe('ranking solutions (properties)', () => {
  it('as of an instant, the answer is the one the history up to that instant gives', () => {
    fc.assert(
      fc.property(
        fc.array(outcomeArbitrary, { maxLength: 30, size: 'max' }),
        fc.integer({ min: 0, max: 150 }),
        fc.constantFrom('P-JAM', 'P-SLOW'),
        fc.constantFrom('jam', 'slow', 'paper'),
        (drawn, asOfHour, problem, text) => {
          const query = { item: 'copier-mx5', problem, text, limit: 10 };
          const full = store(drawn.map((d, i) => outcome(d, i)));
          const known = store(
            drawn.flatMap((d, i) => (d.resolvedHour <= asOfHour ? [outcome(d, i, asOfHour)] : [])),
          );
          expect(querySolutions(full, { ...query, asOf: new Date(day(asOfHour)) })).toEqual(
            querySolutions(known, query),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one more call that a solution solved never lowers its score, one it failed never raises it (by item and problem)', () => {
    fc.assert(
      fc.property(
        fc.array(outcomeArbitrary, { maxLength: 25, size: 'max' }),
        outcomeArbitrary.filter((d) => d.solution !== null),
        (drawn, extra) => {
          // Without words: their weight is relative to the best match, which a new call may change.
          const query = {
            item: extra.item,
            ...(extra.problem ? { problem: extra.problem } : {}),
            limit: 20,
          };
          const scoreOf = (outcomes: readonly OutcomeDocument[]) => {
            const ranked = querySolutions(store(outcomes), query);
            const found = ranked.find((s) => s.solution === extra.solution);
            return found ? found.score : 0;
          };
          const base = drawn.map((d, i) => outcome(d, i));
          const held = outcome({ ...extra, failure: null }, 999);
          const failed = outcome({ ...extra, failure: { kind: 'rejected', after: 1 } }, 999);
          expect(scoreOf([...base, held])).toBeGreaterThanOrEqual(scoreOf(base));
          expect(scoreOf([...base, failed])).toBeLessThanOrEqual(scoreOf(base));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ranking solutions as of an instant on a busy item', () => {
  // 1,000 resolutions of one item, an hour apart; the fix that worked changed every 250.
  const history = Array.from({ length: 1000 }, (_, hour) =>
    outcome(
      {
        item: 'copier-mx5',
        problem: 'P-JAM',
        solution: ['S-ROLLER', 'S-CLEAN', 'S-RESTART', 'S-ROLLER'][Math.floor(hour / 250)]!,
        resolvedHour: hour,
        failure: null,
        words: 'paper jams',
      },
      hour,
    ),
  );
  const full = store(history);
  const query = (asOfHour: number) => ({
    item: 'copier-mx5',
    problem: 'P-JAM',
    limit: 3,
    asOf: new Date(day(asOfHour)),
  });
  const knownAt = (asOfHour: number) =>
    querySolutions(store(history.filter((o) => o.resolvedAt <= day(asOfHour))), {
      ...query(asOfHour),
      asOf: undefined,
    });

  it('counts the latest known then, however many came after (not the latest now, cut back)', () => {
    // The latest 400 then (hours 150–549) are mostly S-CLEAN; the latest 400 now all came after.
    const [best] = querySolutions(full, query(549));
    expect(best?.solution).toBe('S-CLEAN');
    expect(querySolutions(full, query(549))).toEqual(knownAt(549));
  });

  it('answers a run of queries going back in time as each alone would (an evaluation shares its reads)', () => {
    const reads = new KnowledgeReads(full);
    for (const asOfHour of [999, 998, 900, 640, 600, 450, 449, 300, 120, 5, 0])
      expect(solutionsFor(reads, query(asOfHour)), `as of hour ${asOfHour}`).toEqual(
        knownAt(asOfHour),
      );
  });
});
