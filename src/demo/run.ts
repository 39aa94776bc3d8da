import { v5 as uuidv5 } from 'uuid';
import type { Callstream } from '../callstream.js';
import type { CommandResult } from '../commands/pipeline.js';
import { CALLSTREAM_NAMESPACE } from '../commands/streams.js';
import { DomainError } from '../domain/index.js';
import { withServiceLevel } from '../projections/board.js';
import { CALLS_PROJECTION, type CallSummary } from '../projections/calls.js';
import { planCall, type CallPlan, type Scenario } from './scenarios.js';
import { Random } from './random.js';

export interface DemoOptions {
  readonly calls: number;
  readonly seed: number;
  /** The simulated first working day (a Monday, 08:00 UTC by default). */
  readonly start?: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  readonly seed: number;
  readonly callsRequested: number;
  readonly commands: number;
  readonly events: number;
  readonly simulatedUntil: string;
  readonly calls: {
    readonly total: number;
    readonly byStatus: Record<string, number>;
    readonly byScenario: Record<string, number>;
    readonly byChannel: Record<string, number>;
    readonly reopened: number;
  };
  readonly serviceLevels: { readonly asOf: string; readonly responseBreached: number; readonly resolutionBreached: number; readonly atRisk: number };
  readonly work: { readonly hoursBooked: number; readonly materials: number; readonly costs: Record<string, number> };
  readonly refusals: Record<string, number>;
  readonly seconds: number;
}

const DAY = 24 * 60 * 60_000;

/**
 * Drives the demo's calls through the real command pipeline, as a discrete-event
 * simulation: every planned command runs at its simulated instant, in time order, so the
 * same seed writes the same history (command ids derive from the seed: a second run on
 * the same file writes nothing new).
 */
export async function runDemo(callstream: Callstream, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const random = new Random(options.seed);
  const start = options.start ?? new Date('2026-11-02T08:00:00Z');
  const plans: CallPlan[] = [];
  for (let i = 0; i < options.calls; i++) plans.push(planCall(random, arrival(start, i, options.calls, random)));

  const agenda = plans.flatMap((plan, call) => plan.steps.map((step, index) => ({ step, call, index })));
  agenda.sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.call - b.call || a.index - b.index);

  const numbers: Array<{ call?: string; successor?: string }> = plans.map(() => ({}));
  const refusals: Record<string, number> = {};
  let events = 0;
  let done = 0;
  for (const { step, call, index } of agenda) {
    const reference = numbers[call]![step.target];
    const command: Record<string, unknown> = {
      ...step.command(reference ?? ''),
      commandId: uuidv5(`demo/${options.seed}/${call}/${index}`, CALLSTREAM_NAMESPACE),
      at: step.at.toISOString(),
    };
    try {
      const result = (await callstream.execute(command)) as CommandResult;
      if (!result.duplicate) events += result.events.length + (command.type === 'LogCall' ? 1 : 0);
      if (command.type === 'LogCall') numbers[call]!.call = result.number;
      if (result.successor) numbers[call]!.successor = result.successor.number;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusals[error.code] = (refusals[error.code] ?? 0) + 1;
    }
    if (++done % 100 === 0 || done === agenda.length) options.onProgress?.(done, agenda.length);
  }
  await callstream.catchUp();

  const until = new Date(Math.max(...agenda.map((a) => a.step.at.getTime())));
  return {
    seed: options.seed,
    callsRequested: options.calls,
    commands: agenda.length,
    events,
    simulatedUntil: until.toISOString(),
    ...summarise(callstream, plans, until),
    refusals,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

/** Calls arrive over working days (Mon–Fri, 08:00–18:00), about 150 a day. */
function arrival(start: Date, index: number, total: number, random: Random): Date {
  const perDay = Math.max(1, Math.min(150, Math.ceil(total / 5)));
  let day = Math.floor(index / perDay);
  let date = start.getTime();
  while (day > 0) {
    date += DAY;
    const weekday = new Date(date).getUTCDay();
    if (weekday !== 0 && weekday !== 6) day--;
  }
  return new Date(date + random.int(0, 10 * 60 - 1) * 60_000);
}

function summarise(callstream: Callstream, plans: readonly CallPlan[], asOf: Date) {
  const count = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);
  const byStatus: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byScenario: Record<Scenario, number> = {} as Record<Scenario, number>;
  for (const plan of plans) count(byScenario, plan.scenario);
  const costs: Record<string, number> = {};
  let total = 0;
  let reopened = 0;
  let minutes = 0;
  let materials = 0;
  let responseBreached = 0;
  let resolutionBreached = 0;
  let atRisk = 0;
  for (const [, summary] of callstream.readModels.all<CallSummary>(CALLS_PROJECTION, 'calls')) {
    total++;
    count(byStatus, summary.status);
    count(byChannel, summary.channel);
    if (summary.reopenedFrom) reopened++;
    minutes += summary.minutes;
    materials += summary.materials;
    for (const [currency, amount] of Object.entries(summary.costs)) costs[currency] = (costs[currency] ?? 0) + amount;
    if (summary.cancelled) continue;
    const row = withServiceLevel(summary, asOf, 0.75);
    if (row.response === 'breached') responseBreached++;
    if (row.resolution === 'breached') resolutionBreached++;
    if (row.serviceLevelState === 'at-risk') atRisk++;
  }
  return {
    calls: { total, byStatus, byScenario, byChannel, reopened },
    serviceLevels: { asOf: asOf.toISOString(), responseBreached, resolutionBreached, atRisk },
    work: { hoursBooked: Math.round(minutes / 6) / 10, materials, costs },
  };
}
