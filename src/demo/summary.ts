/*
 * What a demo run reports at its end: the totals it counted while running, with the calls,
 * requests and service levels read from the read models.
 */
import type { SuggestionQuality } from '../projections/knowledge/index.js';
import { keyedRecord } from '../domain/shared/objects.js';
import type { InvoiceStatus } from '../domain/index.js';
import type { Callstream } from '../callstream.js';
import { CALLS_PROJECTION, type CallSummary } from '../projections/calls.js';
import { REPORT } from '../projections/month-index.js';
import { REQUESTS_PROJECTION, type InboxEntry } from '../projections/requests.js';
import { BILLING_PROJECTION } from '../projections/billing.js';
import {
  noEscalations,
  SERVICE_REPORT_PROJECTION,
  type WeekDocument,
} from '../projections/service-report/index.js';
import type { PlannedSummary } from './planned.js';

export interface DemoSummary {
  readonly seed: number;
  readonly callsRequested: number;
  readonly commands: number;
  /** The events the history holds at the end (a resumed run's included). */
  readonly events: number;
  /**
   * Of those, the events new since this run began: all of them on a fresh file, none on a
   * finished one (another writer's at the same time included: the store's count, not a tally).
   */
  readonly written: number;
  readonly simulatedUntil: string;
  readonly calls: {
    readonly total: number;
    readonly byStatus: Record<string, number>;
    readonly byScenario: Record<string, number>;
    readonly byChannel: Record<string, number>;
    readonly byCoverage: Record<string, number>;
    readonly byPurpose: Record<string, number>;
    readonly reopened: number;
  };
  readonly intake: {
    readonly requests: number;
    readonly refusals: Record<string, number>;
    readonly waiting: number;
    readonly declined: number;
    /** Steps a block placed after the call was logged stopped (the call waits until the block is released). */
    readonly blockedSteps: Record<string, number>;
    /** Customer notifications the history holds waiting for delivery (call logged, visits, solutions, closings, refusals). */
    readonly notificationsQueued: number;
  };
  readonly serviceLevels: {
    readonly asOf: string;
    readonly responseBreached: number;
    readonly resolutionBreached: number;
    readonly atRisk: number;
    readonly escalations: Record<string, number>;
  };
  readonly work: {
    readonly hoursBooked: number;
    readonly materials: number;
    readonly costs: Record<string, number>;
  };
  /** C1: how often a call resolved in the last simulated week had its solution among the first three suggested with what was known when it was logged. */
  readonly knowledge: SuggestionQuality | null;
  /**
   * The end-of-period billing: invoices issued and calls fully covered as the history holds
   * them (a run resumed in the middle of its billing counts the whole of it), calls the run
   * found not ready; amounts in minor units.
   */
  readonly billing: {
    readonly invoices: number;
    readonly nothingToInvoice: number;
    readonly notReady: number;
    readonly amounts: Record<string, number>;
  };
  /** The year-end work for every new year the simulation ran into: contracts renewed, next year's service levels published. */
  readonly administration: {
    readonly renewedContracts: number;
    readonly serviceLevelsPublished: number;
  };
  /** Planned and automatic work (E1–E3): maintenance plans, meter readings and alarms over the year until the end of the period. */
  readonly planned: PlannedSummary;
  /** Commands the rules refused that the plan did not expect (zero when all is well). */
  readonly unexpected: Record<string, number>;
  readonly seconds: number;
}

/** How many events the store holds: counted by the embedded stores, read through otherwise. */
export async function eventCount(callstream: Callstream): Promise<number> {
  const store = callstream.store as Partial<{ countEvents(): number }>;
  if (typeof store.countEvents === 'function') return store.countEvents();
  let events = 0;
  for await (const _ of callstream.store.readAll()) events++;
  return events;
}

export const tally = (record: Record<string, number>, key: string) =>
  (record[key] = (record[key] ?? 0) + 1);

export function intakeSummary(callstream: Callstream, refusedLogCalls: Record<string, number>) {
  const refusals = { ...refusedLogCalls };
  let requests = 0;
  let waiting = 0;
  let declined = 0;
  for (const [, entry] of callstream.readModels.all<InboxEntry>(
    REQUESTS_PROJECTION,
    'requests',
    REPORT,
  )) {
    requests++;
    if (entry.refusal) tally(refusals, entry.refusal.reason);
    if (entry.status === 'waiting' || entry.status === 'refused') waiting++;
    if (entry.status === 'declined') declined++;
  }
  return { requests, refusals, waiting, declined };
}

/** Invoices issued (credited since or not) and calls billed with nothing to invoice, counted in the billing read model. */
export function billedInHistory(callstream: Callstream) {
  const count = (status: InvoiceStatus | readonly InvoiceStatus[]) =>
    callstream.readModels.count(BILLING_PROJECTION, 'invoices', { status });
  return { invoices: count(['issued', 'credited', 'waived']), nothingToInvoice: count('nothing') };
}

export async function summarise(
  callstream: Callstream,
  byScenario: Record<string, number>,
  asOf: Date,
) {
  const byStatus: Record<string, number> = keyedRecord();
  const byChannel: Record<string, number> = keyedRecord();
  const byCoverage: Record<string, number> = keyedRecord();
  const byPurpose: Record<string, number> = keyedRecord();
  const costs: Record<string, number> = keyedRecord();
  let total = 0;
  let reopened = 0;
  let minutes = 0;
  let materials = 0;
  for (const [, summary] of callstream.readModels.all<CallSummary>(
    CALLS_PROJECTION,
    'calls',
    REPORT,
  )) {
    total++;
    tally(byStatus, summary.status);
    tally(byChannel, summary.channel);
    tally(byCoverage, summary.coverageVerdict ?? 'not validated');
    tally(byPurpose, summary.purpose ?? 'unclassified');
    if (summary.reopenedFrom) reopened++;
    minutes += summary.minutes;
    materials += summary.materials;
    for (const [currency, amount] of Object.entries(summary.costs))
      costs[currency] = (costs[currency] ?? 0) + amount;
  }
  return {
    calls: { total, byStatus, byScenario, byChannel, byCoverage, byPurpose, reopened },
    serviceLevels: {
      asOf: asOf.toISOString(),
      ...(await serviceLevelsAsOf(callstream, asOf)),
      escalations: escalationsRecorded(callstream),
    },
    work: { hoursBooked: Math.round(minutes / 6) / 10, materials, costs },
    // C1, honestly: each call resolved in the last simulated week, suggested for with only what was known when it was logged.
    knowledge: callstream.suggestionQuality() ?? null,
  };
}

/**
 * Breaches and calls at risk at the end of the period, as the service-level statistics count
 * them: a settled month from its tallies, only the calls not settled judged one by one, not
 * a working-time judgement of every call of the period (the summary alone of a finished
 * 20,000-call demo peaked at 338 MB so, 220 MB now).
 */
async function serviceLevelsAsOf(callstream: Callstream, asOf: Date) {
  let responseBreached = 0;
  let resolutionBreached = 0;
  let atRisk = 0;
  for (const tally of Object.values(await callstream.serviceLevelStatistics(asOf))) {
    responseBreached += tally.responseBreached;
    resolutionBreached += tally.resolutionBreached;
    atRisk += tally.atRisk;
  }
  return { responseBreached, resolutionBreached, atRisk };
}

/**
 * Every escalation the history holds, by target and level ("resolution breach"), from the
 * service report's weeks: a resumed run counts the escalations the interrupted one recorded.
 */
function escalationsRecorded(callstream: Callstream): Record<string, number> {
  const recorded: Record<string, number> = keyedRecord();
  for (const [, week] of callstream.readModels.all<WeekDocument>(
    SERVICE_REPORT_PROJECTION,
    'weeks',
  ))
    for (const [target, levels] of Object.entries(week.escalations ?? noEscalations()))
      for (const [level, n] of Object.entries(levels))
        if (n > 0) recorded[`${target} ${level}`] = (recorded[`${target} ${level}`] ?? 0) + n;
  return recorded;
}
