import type { WorkOutcome, WorkReport } from '../../commands/automatic-work.js';
import { table, time } from './output.js';

/**
 * What a run of planned or automatic work did, as text: the counts, then a row per outcome,
 * due on the wall clock of `zone` (the organisation's, or UTC).
 */
export function describeWork(report: WorkReport, zone: string): string {
  const when = (outcome: WorkOutcome) => time(outcome.dueAt, zone);
  const rows = [
    ...report.created.map((o) => [
      when(o),
      o.channel,
      o.serialNumber,
      o.customerId,
      `call ${o.call}`,
      o.summary.slice(0, 60),
    ]),
    ...report.refused.map((o) => [
      when(o),
      o.channel,
      o.serialNumber,
      o.customerId,
      `refused: ${o.reason}`,
      o.summary.slice(0, 60),
    ]),
    ...report.waiting.map((o) => [
      when(o),
      o.channel,
      o.serialNumber,
      o.customerId,
      `waits: ${o.reason ?? 'for an agent'}`,
      o.summary.slice(0, 60),
    ]),
  ];
  const counts = `${report.created.length} call(s) created, ${report.refused.length} refused and recorded, ${report.waiting.length} waiting for an agent, ${report.unchanged} handled before`;
  return rows.length === 0
    ? counts
    : `${counts}\n${table(['Due', 'Channel', 'Serial', 'Customer', 'Outcome', 'Summary'], rows)}`;
}
