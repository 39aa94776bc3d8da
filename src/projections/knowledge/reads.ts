import { titleIn, type KnowledgeKind } from '../../domain/index.js';
import type { SearchHit } from '../read-models/full-text.js';
import type { ReadModelStore } from '../types.js';
import {
  codeKey,
  KNOWLEDGE_PROJECTION,
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

/** The latest outcomes of an item, product or problem resolved by `until` (undefined: ever), newest first. */
interface LatestRead {
  readonly until: string | undefined;
  readonly outcomes: readonly OutcomeDocument[];
  /** Every outcome resolved by `until`: fewer than the read asked for. */
  readonly complete: boolean;
}

/**
 * The knowledge read models as a run of queries on one snapshot reads them: each list of
 * latest outcomes and each outcome document read once (both bounded: the lists by the items,
 * products and problems, the outcomes by the latest searched), the same words searched once.
 * An evaluation asks two queries per call over the same few lists, the same words twice,
 * going back in time: a list read as of an instant answers every earlier instant whose
 * CANDIDATES it holds whole.
 */
export class KnowledgeReads {
  private readonly lists = new Map<string, LatestRead>();
  /** The last search only: a call's two queries ask the same words as of the same instant, no other call does. */
  private lastSearch:
    | { readonly text: string; readonly asOf: string | undefined; readonly hits: SearchHit[] }
    | undefined;
  private readonly outcomes = new Map<string, OutcomeDocument | undefined>();
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
  ): readonly OutcomeDocument[] {
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
    return { until, outcomes, complete: outcomes.length < limit };
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

  outcome(key: string): OutcomeDocument | undefined {
    if (!this.outcomes.has(key))
      this.outcomes.set(
        key,
        this.readModels.get<OutcomeDocument>(KNOWLEDGE_PROJECTION, 'outcomes', key),
      );
    return this.outcomes.get(key);
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
): readonly OutcomeDocument[] | undefined {
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
