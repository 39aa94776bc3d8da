import type { SolutionSuggestion, SuggestionQuality } from '../../projections/knowledge/index.js';
import { table, time } from './output.js';

/** Ranked solutions as a table, each with the calls that back it. */
export function solutionsTable(suggestions: readonly SolutionSuggestion[]): string {
  if (suggestions.length === 0) return 'No solutions known for this yet.';
  return table(
    ['#', 'Solution', 'Title', 'Solved', 'Rejected', 'Reopened', 'Score', 'Evidence'],
    suggestions.map((s) => [
      String(s.rank),
      s.solution ?? '(no code)',
      s.title.slice(0, 48),
      String(s.solved),
      String(s.rejected),
      String(s.reopened),
      s.score.toFixed(2),
      s.evidence
        .map((e) => `${e.number}${e.outcome === 'solved' ? '' : ` (${e.outcome})`}`)
        .join(', '),
    ]),
  );
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/**
 * The honest quality figure: how often the actual solution was among the first three; the
 * period on the wall clock of `zone`.
 */
export function qualityText(quality: SuggestionQuality | undefined, zone: string): string {
  if (!quality) return 'No resolution has held yet: nothing to evaluate.';
  const { calls, skipped, atLogging, withProblem } = quality;
  const line = (label: string, hits: SuggestionQuality['atLogging']) =>
    `  ${label.padEnd(34)} top 3: ${hits.top3}/${calls} (${percent(hits.top3Share)}), first: ${hits.top1}, nothing known yet: ${hits.nothingKnown}`;
  return [
    `Suggestions for the ${calls} calls resolved from ${time(quality.from, zone)} to ${time(quality.to, zone)} (only what was known when each was logged; ${skipped} without a solution code not counted):`,
    line('at logging (item, description)', atLogging),
    line('once the problem is coded', withProblem),
  ].join('\n');
}
