import type { Call } from '../../domain/index.js';
import { unlessErased } from '../../domain/shared/schema.js';
import { CALLS_PROJECTION, type CallSummary } from '../calls.js';
import type { ReadModelStore } from '../types.js';
import { KNOWLEDGE_PROJECTION, type OutcomeDocument } from './projection.js';
import { KnowledgeReads } from './reads.js';
import {
  querySolutions,
  solutionsFor,
  type SolutionQuery,
  type SolutionSuggestion,
} from './query.js';

/** What a call tells about its problem: its item, product, coded problem and words. */
export function callQuery(
  call: Pick<Call, 'item' | 'product' | 'description' | 'diagnosis'>,
): SolutionQuery {
  const { symptom, cause, codes } = call.diagnosis;
  return {
    ...(call.item.item === undefined ? {} : { item: call.item.item }),
    ...(call.product === undefined ? {} : { product: call.product }),
    ...(codes?.problem === undefined ? {} : { problem: codes.problem }),
    // Read at query time, never stored: the description is the requester's personal data
    // (once they are forgotten, "[erased]": no word of the call's).
    text: [unlessErased(call.description), symptom, cause]
      .filter((part) => part !== undefined)
      .join('\n'),
  };
}

/** Solutions for an open call, from what it says about its problem. */
export function suggestForCall(
  readModels: ReadModelStore,
  call: Pick<Call, 'item' | 'product' | 'description' | 'diagnosis'>,
  options: Pick<SolutionQuery, 'asOf' | 'limit' | 'language'> = {},
): SolutionSuggestion[] {
  return querySolutions(readModels, { ...callQuery(call), ...options });
}

export interface SuggestionQuality {
  readonly from: string;
  readonly to: string;
  /** Calls whose resolution in the period held and named a solution code. */
  readonly calls: number;
  /** Calls whose resolution in the period held but named no solution code: not evaluated. */
  readonly skipped: number;
  /** Suggested at logging: item, product and description. */
  readonly atLogging: Hits;
  /** Suggested once the problem is coded: the same, with the problem code. */
  readonly withProblem: Hits;
}

export interface Hits {
  readonly top1: number;
  readonly top3: number;
  /** top3 / calls, 0–1. */
  readonly top3Share: number;
  /** Calls for which nothing was known yet. */
  readonly nothingKnown: number;
}

const WEEK = 7 * 24 * 60 * 60 * 1000;

/** The week up to (and including) the latest resolution that held; undefined when none did. */
export function lastWeekOfResolutions(
  readModels: ReadModelStore,
): { from: Date; to: Date } | undefined {
  const [latest] = readModels.find<OutcomeDocument>(
    KNOWLEDGE_PROJECTION,
    'outcomes',
    { failed: false },
    { orderBy: 'resolvedAt', descending: true, limit: 1 },
  );
  if (!latest) return undefined;
  const to = Date.parse(latest.resolvedAt) + 1;
  return { from: new Date(to - WEEK), to: new Date(to) };
}

/** Outcomes read per page, newest first, while walking back to the period's start. */
const PAGE = 2000;

/**
 * How good the suggestions are, honestly: for each call whose resolution in [from, to)
 * stayed solved, suggest with only what was known when the call was logged (resolutions
 * and failures before that instant) and count how often its actual solution came first and
 * among the first three.
 */
export function evaluateSuggestions(
  readModels: ReadModelStore,
  period: { readonly from: Date; readonly to: Date },
): SuggestionQuality {
  // Some hundred thousand lookups for a week of calls: on one snapshot, not one read each.
  return readModels.snapshot(() => evaluateOn(readModels, period));
}

function evaluateOn(
  readModels: ReadModelStore,
  period: { readonly from: Date; readonly to: Date },
): SuggestionQuality {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const tally = () => ({ top1: 0, top3: 0, nothingKnown: 0 });
  const atLogging = tally();
  const withProblem = tally();
  let skipped = 0;
  const judged: Array<{ readonly query: SolutionQuery; readonly outcome: OutcomeDocument }> = [];
  for (const outcome of resolvedIn(readModels, from, to)) {
    const latest = readModels.find<OutcomeDocument>(KNOWLEDGE_PROJECTION, 'outcomes', {
      callId: outcome.callId,
    });
    const final = latest[latest.length - 1];
    if (final?.attempt !== outcome.attempt) continue; // judged by its final resolution only
    if (outcome.solution === null) {
      skipped++;
      continue;
    }
    const summary = readModels.get<CallSummary>(CALLS_PROJECTION, 'calls', outcome.callId);
    const text = unlessErased(summary?.description);
    const query: SolutionQuery = {
      ...(outcome.item === null ? {} : { item: outcome.item }),
      ...(outcome.product === null ? {} : { product: outcome.product }),
      ...(text === undefined ? {} : { text }),
      asOf: new Date(Date.parse(outcome.loggedAt) - 1),
      limit: 3,
    };
    judged.push({ query, outcome });
  }
  // Latest logged first: each list read as of one call answers the calls logged before it.
  judged.sort((a, b) => b.query.asOf!.getTime() - a.query.asOf!.getTime());
  const reads = new KnowledgeReads(readModels);
  for (const { query, outcome } of judged) {
    count(atLogging, solutionsFor(reads, query), outcome.solution!);
    const coded = outcome.problem === null ? query : { ...query, problem: outcome.problem };
    count(withProblem, solutionsFor(reads, coded), outcome.solution!);
  }
  const calls = judged.length;
  const hits = (t: ReturnType<typeof tally>): Hits => ({
    ...t,
    top3Share: calls === 0 ? 0 : Math.round((t.top3 / calls) * 1000) / 1000,
  });
  return { from, to, calls, skipped, atLogging: hits(atLogging), withProblem: hits(withProblem) };
}

function count(
  hits: { top1: number; top3: number; nothingKnown: number },
  suggestions: readonly SolutionSuggestion[],
  actual: string,
): void {
  if (suggestions.length === 0) hits.nothingKnown++;
  const at = suggestions.findIndex((s) => s.solution === actual);
  if (at === 0) hits.top1++;
  if (at >= 0 && at < 3) hits.top3++;
}

/**
 * The resolutions in [from, to) that held, newest first: by the (failed, resolvedAt) index
 * from `to` back, in growing pages until one reaches before `from`, however much came after.
 */
function* resolvedIn(
  readModels: ReadModelStore,
  from: string,
  to: string,
): Iterable<OutcomeDocument> {
  for (let limit = PAGE; ; limit *= 2) {
    const page = readModels.find<OutcomeDocument>(
      KNOWLEDGE_PROJECTION,
      'outcomes',
      { failed: false },
      { orderBy: 'resolvedAt', descending: true, limit, until: to },
    );
    const last = page[page.length - 1];
    if (page.length < limit || (last && last.resolvedAt < from)) {
      for (const outcome of page)
        if (outcome.resolvedAt >= from && outcome.resolvedAt < to) yield outcome;
      return;
    }
  }
}
