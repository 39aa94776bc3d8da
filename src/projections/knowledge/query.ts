import type { ReadModelStore } from '../types.js';
import type { OutcomeFailure } from './projection.js';
import { KnowledgeReads, type KeptOutcome } from './reads.js';

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
/** The criteria in the order evidence names them; a candidate's matches are bits in this order. */
const CRITERIA = ['item', 'product', 'problem', 'text'] as const;
const EVIDENCE = 5;

/** A past outcome weighed for a query. Some thousand per query, so kept small: matches as bits. */
interface Candidate {
  readonly outcome: KeptOutcome;
  weight: number;
  matched: number;
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
  const add = (outcome: KeptOutcome, criterion: number, factor: number) => {
    if (asOf !== undefined && outcome.resolvedAt > asOf) return;
    const candidate = candidates.get(outcome.key);
    if (!candidate)
      candidates.set(outcome.key, { outcome, weight: factor, matched: 1 << criterion });
    else {
      candidate.weight *= factor;
      candidate.matched |= 1 << criterion;
    }
  };
  for (const criterion of ['item', 'product', 'problem'] as const) {
    const value = query[criterion];
    if (value === undefined) continue;
    const bit = CRITERIA.indexOf(criterion);
    for (const outcome of reads.latest(criterion, value, asOf))
      add(outcome, bit, FACTOR[criterion]);
  }
  if (query.text !== undefined && query.text.trim() !== '') {
    const hits = reads.matching(query.text, asOf);
    const best = hits[0]?.score ?? 0;
    const bit = CRITERIA.indexOf('text');
    for (const hit of hits) {
      const outcome = reads.outcome(hit.key);
      if (outcome && best > 0) add(outcome, bit, 1 + TEXT_FACTOR * (hit.score / best) ** 2);
    }
  }
  return rank(reads, candidates.values(), query);
}

interface Tally {
  solution: string | null;
  resolution: string;
  solved: number;
  rejected: number;
  reopened: number;
  score: number;
  latest: string;
  /** The EVIDENCE closest candidates, closest first. */
  evidence: Candidate[];
}

function rank(
  reads: KnowledgeReads,
  candidates: Iterable<Candidate>,
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
    keepClosest(tally.evidence, candidate);
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
      evidence: tally.evidence.map(({ outcome, matched }) => ({
        number: outcome.number,
        resolvedAt: outcome.resolvedAt,
        outcome: failureKnown(outcome, asOf) ?? 'solved',
        problem: outcome.problem,
        matched: CRITERIA.filter((_, bit) => matched & (1 << bit)),
      })),
    }));
}

/** Closer: weighs more, then resolved later, then (a tie) by key; a total order. */
const closer = (a: Candidate, b: Candidate): boolean =>
  a.weight !== b.weight
    ? a.weight > b.weight
    : a.outcome.resolvedAt !== b.outcome.resolvedAt
      ? a.outcome.resolvedAt > b.outcome.resolvedAt
      : a.outcome.key < b.outcome.key;

/** Keeps the EVIDENCE closest candidates, closest first, without sorting them all. */
function keepClosest(evidence: Candidate[], candidate: Candidate): void {
  if (evidence.length === EVIDENCE && !closer(candidate, evidence[EVIDENCE - 1]!)) return;
  let at = Math.min(evidence.length, EVIDENCE - 1);
  while (at > 0 && closer(candidate, evidence[at - 1]!)) at--;
  evidence.splice(at, 0, candidate);
  if (evidence.length > EVIDENCE) evidence.pop();
}

/** The failure of an outcome as known at `asOf` (a later rejection was not known then). */
const failureKnown = (outcome: KeptOutcome, asOf: string | undefined): OutcomeFailure | null =>
  outcome.failure !== null && (asOf === undefined || outcome.failedAt! <= asOf)
    ? outcome.failure
    : null;
