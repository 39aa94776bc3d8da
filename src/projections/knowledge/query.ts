import type { ReadModelStore } from '../types.js';
import type { OutcomeDocument, OutcomeFailure } from './projection.js';
import { KnowledgeReads } from './reads.js';

/** What the solutions are sought for; at least one of item, product, problem or text. */
export interface SolutionQuery {
  readonly item?: string;
  readonly product?: string;
  /** A problem code of the knowledge catalogue. */
  readonly problem?: string;
  /** Words: a symptom, a description ("paper jam"). */
  readonly text?: string;
  /** Only what was known at this instant: resolutions before it, failures before it. */
  readonly asOf?: Date;
  /** How many solutions (default 5). */
  readonly limit?: number;
  /** Titles in this language where the catalogue has it (default en). */
  readonly language?: string;
}

export interface SolutionEvidence {
  readonly number: string;
  readonly resolvedAt: string;
  readonly outcome: 'solved' | OutcomeFailure;
  readonly problem: string | null;
  /** What the call has in common with the query: item, product, problem, text. */
  readonly matched: readonly string[];
}

export interface SolutionSuggestion {
  readonly rank: number;
  /** The solution code; null for resolutions recorded without one (grouped by their words). */
  readonly solution: string | null;
  readonly title: string;
  /** Resolutions that stayed solved (neither rejected nor reopened). */
  readonly solved: number;
  readonly rejected: number;
  readonly reopened: number;
  /** Solved minus failed, each weighted by how closely the call matches the query. */
  readonly score: number;
  readonly evidence: readonly SolutionEvidence[];
}

/**
 * How much a past call says about this one, as factors: the same coded problem most, then
 * the words (by their relevance squared: a close description counts, a shared common word
 * hardly), then the same item and product. Factors, not a sum: many loosely related calls
 * (another problem of the same item) must not outweigh a few close ones.
 */
const FACTOR = { problem: 8, item: 1.5, product: 1.5 } as const;
const TEXT_FACTOR = 4;
type Criterion = keyof typeof FACTOR | 'text';
const EVIDENCE = 5;

interface Candidate {
  readonly outcome: OutcomeDocument;
  weight: number;
  readonly matched: string[];
}

/**
 * The solutions that worked for an item, product, problem or words, ranked by how often
 * they solved a call and stayed solved: each past resolution counts its match weight for
 * its solution if it held, against it if it was rejected or the call came back.
 */
export function querySolutions(
  readModels: ReadModelStore,
  query: SolutionQuery,
): SolutionSuggestion[] {
  // Hundreds of lookups by key (the text's hits): on one snapshot, not one read each.
  return readModels.snapshot(() => solutionsFor(new KnowledgeReads(readModels), query));
}

/** The solutions for one query, read through `reads` (one query's, or a whole evaluation's). */
export function solutionsFor(reads: KnowledgeReads, query: SolutionQuery): SolutionSuggestion[] {
  const candidates = new Map<string, Candidate>();
  const asOf = query.asOf?.toISOString();
  const add = (outcome: OutcomeDocument, criterion: Criterion, factor: number) => {
    if (asOf !== undefined && outcome.resolvedAt > asOf) return;
    const key = `${outcome.callId}/${outcome.attempt}`;
    let candidate = candidates.get(key);
    if (!candidate) candidates.set(key, (candidate = { outcome, weight: 1, matched: [] }));
    candidate.weight *= factor;
    candidate.matched.push(criterion);
  };
  for (const criterion of ['item', 'product', 'problem'] as const) {
    const value = query[criterion];
    if (value === undefined) continue;
    for (const outcome of reads.latest(criterion, value, asOf))
      add(outcome, criterion, FACTOR[criterion]);
  }
  if (query.text !== undefined && query.text.trim() !== '') {
    const hits = reads.matching(query.text, asOf);
    const best = hits[0]?.score ?? 0;
    for (const hit of hits) {
      const outcome = reads.outcome(hit.key);
      if (outcome && best > 0) add(outcome, 'text', 1 + TEXT_FACTOR * (hit.score / best) ** 2);
    }
  }
  return rank(reads, [...candidates.values()], query);
}

interface Tally {
  solution: string | null;
  resolution: string;
  solved: number;
  rejected: number;
  reopened: number;
  score: number;
  latest: string;
  evidence: Candidate[];
}

function rank(
  reads: KnowledgeReads,
  candidates: readonly Candidate[],
  query: SolutionQuery,
): SolutionSuggestion[] {
  const asOf = query.asOf?.toISOString();
  const tallies = new Map<string, Tally>();
  for (const candidate of candidates) {
    const { outcome, weight } = candidate;
    const group = outcome.solution ?? `words:${outcome.resolution.trim().toLowerCase()}`;
    let tally = tallies.get(group);
    if (!tally)
      tallies.set(
        group,
        (tally = {
          solution: outcome.solution,
          resolution: outcome.resolution,
          solved: 0,
          rejected: 0,
          reopened: 0,
          score: 0,
          latest: '',
          evidence: [],
        }),
      );
    const failure = failureKnown(outcome, asOf);
    if (failure === 'rejected') tally.rejected++;
    else if (failure === 'reopened') tally.reopened++;
    else tally.solved++;
    tally.score += failure ? -weight : weight;
    if (outcome.resolvedAt > tally.latest) tally.latest = outcome.resolvedAt;
    tally.evidence.push(candidate);
  }
  return [...tallies.values()]
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.solved - a.solved ||
        (a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0),
    )
    .slice(0, query.limit ?? 5)
    .map((tally, index) => ({
      rank: index + 1,
      solution: tally.solution,
      title: reads.title('solution', tally.solution, query.language) ?? tally.resolution,
      solved: tally.solved,
      rejected: tally.rejected,
      reopened: tally.reopened,
      score: Math.round(tally.score * 100) / 100,
      evidence: tally.evidence
        .sort(
          (a, b) => b.weight - a.weight || (a.outcome.resolvedAt < b.outcome.resolvedAt ? 1 : -1),
        )
        .slice(0, EVIDENCE)
        .map(({ outcome, matched }) => ({
          number: outcome.number,
          resolvedAt: outcome.resolvedAt,
          outcome: failureKnown(outcome, asOf) ?? 'solved',
          problem: outcome.problem,
          matched,
        })),
    }));
}

/** The failure of an outcome as known at `asOf` (a later rejection was not known then). */
const failureKnown = (outcome: OutcomeDocument, asOf: string | undefined): OutcomeFailure | null =>
  outcome.failure !== null && (asOf === undefined || outcome.failedAt! <= asOf)
    ? outcome.failure
    : null;
