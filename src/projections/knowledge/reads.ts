import { titleIn, type KnowledgeKind } from '../../domain/index.js';
import type { SearchHit } from '../read-models/full-text.js';
import type { ReadModelStore } from '../types.js';
import { Lru } from '../../streams/lru.js';
import {
  codeKey,
  KNOWLEDGE_PROJECTION,
  outcomeKey,
  type CodeDocument,
  type OutcomeDocument,
} from './projection.js';

/** Past outcomes read per criterion: the most recent (as of the query's instant), by index. */
export const CANDIDATES = 400;
/**
 * Words are sought among this many of the latest outcomes only (a year or more of a busy
 * desk's resolutions), latest as of the query's instant: a search's cost stays the same over
 * ten years of calls.
 */
const SEARCHED_OUTCOMES = 10_000;
/**
 * A list read as of an instant holds this many, so that the queries as of earlier instants
 * that follow (an evaluation goes back in time) still find their CANDIDATES in it.
 */
const READ_AHEAD = 2 * CANDIDATES;
/**
 * Outcomes the lists held at once refer to, at most (the lists used longest ago are dropped,
 * read again if asked for): an evaluation over a catalogue of thousands of items would
 * otherwise hold a list per item for its whole run.
 */
const LISTED_OUTCOMES = 50 * READ_AHEAD;
/** Outcomes kept by key, so that the lists and the searches' hits share one copy of each. */
const KEPT_OUTCOMES = 20_000;

/**
 * An outcome as the reads hold it: what ranking reads of it (not its words, which only the
 * full-text index reads), with its key to tell it apart.
 */
export type KeptOutcome = Readonly<
  Pick<
    OutcomeDocument,
    'number' | 'problem' | 'solution' | 'resolution' | 'resolvedAt' | 'failure' | 'failedAt'
  >
> & { readonly key: string };

/** The latest outcomes of an item, product or problem resolved by `until` (undefined: ever), newest first. */
interface LatestRead {
  readonly until: string | undefined;
  readonly outcomes: readonly KeptOutcome[];
  /** Every outcome resolved by `until`: fewer than the read asked for. */
  readonly complete: boolean;
}

/**
 * The knowledge read models as a run of queries on one snapshot reads them: each list of
 * latest outcomes and each outcome read once, the same words searched once. An evaluation
 * asks two queries per call over the same few lists, the same words twice, going back in
 * time: a list read as of an instant answers every earlier instant whose CANDIDATES it holds
 * whole. Its memory is bounded, whatever the history: the lists by the outcomes they refer
 * to, each outcome held once (an item's, a product's and a problem's list share most of
 * theirs) and without its words. At 100,000 calls an evaluation's peak resident set went
 * from 294 to 166–193 MB so, with the query's own allocations cut (query.ts).
 */
export class KnowledgeReads {
  private readonly lists = new Lru<string, LatestRead>(
    LISTED_OUTCOMES,
    (read) => Math.max(1, read.outcomes.length),
    LISTED_OUTCOMES,
  );
  /** The last search only: a call's two queries ask the same words as of the same instant, no other call does. */
  private lastSearch:
    | { readonly text: string; readonly asOf: string | undefined; readonly hits: SearchHit[] }
    | undefined;
  private readonly outcomes = new Lru<string, KeptOutcome>(KEPT_OUTCOMES);
  private readonly titles = new Map<string, string | undefined>();

  constructor(readonly readModels: ReadModelStore) {}

  /**
   * The CANDIDATES latest outcomes of an item, product or problem resolved by `asOf` (an
   * ISO instant; undefined: the latest of all), newest first: the latest known then, not
   * the latest now cut back to then, however many came after.
   */
  latest(
    criterion: 'item' | 'product' | 'problem',
    value: string,
    asOf?: string,
  ): readonly KeptOutcome[] {
    const key = `${criterion}\u0000${value}`;
    const known = this.lists.get(key);
    const answer = known && answerFrom(known, asOf);
    if (answer) return answer;
    const read = this.read(criterion, value, asOf);
    this.lists.set(key, read);
    return answerFrom(read, asOf)!;
  }

  private read(criterion: string, value: string, until: string | undefined): LatestRead {
    const limit = until === undefined ? CANDIDATES : READ_AHEAD;
    const outcomes = this.readModels.find<OutcomeDocument>(
      KNOWLEDGE_PROJECTION,
      'outcomes',
      { [criterion]: value },
      {
        orderBy: 'resolvedAt',
        descending: true,
        limit,
        ...(until === undefined ? {} : { until }),
      },
    );
    return {
      until,
      outcomes: outcomes.map((outcome) =>
        this.kept(outcomeKey(outcome.callId, outcome.attempt), outcome),
      ),
      complete: outcomes.length < limit,
    };
  }

  /** The one copy of an outcome held, without its words. */
  private kept(key: string, outcome: OutcomeDocument): KeptOutcome {
    const known = this.outcomes.get(key);
    if (known) return known;
    const { number, problem, solution, resolution, resolvedAt, failure, failedAt } = outcome;
    const kept = { key, number, problem, solution, resolution, resolvedAt, failure, failedAt };
    this.outcomes.set(key, kept);
    return kept;
  }

  /**
   * The outcomes whose words match, most relevant first, among the latest ones resolved by
   * `asOf` (an ISO instant; undefined: the latest of all).
   */
  matching(text: string, asOf?: string): readonly SearchHit[] {
    const last = this.lastSearch;
    if (last?.text === text && last.asOf === asOf) return last.hits;
    const hits = this.readModels.search(KNOWLEDGE_PROJECTION, 'outcomes', text, CANDIDATES, {
      recent: SEARCHED_OUTCOMES,
      ...(asOf === undefined ? {} : { until: { field: 'resolvedAt', value: asOf } }),
    });
    this.lastSearch = { text, asOf, hits };
    return hits;
  }

  /** An outcome by its key (a search's hit). */
  outcome(key: string): KeptOutcome | undefined {
    const known = this.outcomes.get(key);
    if (known) return known;
    const outcome = this.readModels.get<OutcomeDocument>(KNOWLEDGE_PROJECTION, 'outcomes', key);
    return outcome && this.kept(key, outcome);
  }

  title(kind: KnowledgeKind, code: string | null, language: string | undefined) {
    const key = `${kind}\u0000${code}\u0000${language}`;
    if (!this.titles.has(key)) this.titles.set(key, titleOf(this.readModels, kind, code, language));
    return this.titles.get(key);
  }
}

/**
 * The CANDIDATES latest of a read resolved by `asOf`, when the read holds them all: it reaches
 * to a later instant (or to none), and holds CANDIDATES of them or every one there is.
 */
function answerFrom(
  read: LatestRead,
  asOf: string | undefined,
): readonly KeptOutcome[] | undefined {
  if (asOf === undefined) return read.until === undefined ? read.outcomes : undefined;
  if (read.until !== undefined && read.until < asOf) return undefined;
  // Newest first: those resolved by asOf are the read's tail.
  const first = read.outcomes.findIndex((outcome) => outcome.resolvedAt <= asOf);
  const known = first < 0 ? [] : read.outcomes.slice(first, first + CANDIDATES);
  return known.length === CANDIDATES || read.complete ? known : undefined;
}

/** A code's title in the language (else English, else any), or undefined for an unknown code. */
export function titleOf(
  readModels: ReadModelStore,
  kind: KnowledgeKind,
  code: string | null | undefined,
  language?: string,
): string | undefined {
  if (code === null || code === undefined) return undefined;
  const known = readModels.get<CodeDocument>(KNOWLEDGE_PROJECTION, 'codes', codeKey(kind, code));
  return known ? titleIn(known, language) : undefined;
}
