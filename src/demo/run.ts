/*
 * How the demo runs, and resumes. The agenda is streamed (agenda.ts): calls are planned in
 * arrival order just before they can be due, their steps wait in a priority queue by
 * (instant, call, step), and a call's state (its number, its successor's) is dropped after
 * its last step; memory stays flat whatever --calls is. Every command id derives from the
 * seed and the step (`demo/<seed>/<call>/<step>`, `setup/<i>`, `year-end/<year>/<i>`,
 * escalations by call and instant), so a run on a file that already holds part of the
 * same history executes the same commands in the same order: those already recorded come
 * back as duplicates with their original results (call numbers included), nothing is
 * written twice, and the first command not yet recorded continues the history. Resuming is
 * running again with the same --seed and --calls; a different --calls plans other random
 * draws for the steps' lazy choices and so another history.
 *
 * The routines replayed on resume (each day's acknowledgements and escalation) act on what
 * the uninterrupted run knew then: the store up to the last position the demo's own
 * commands have reached (`knownBy`), not the calls recorded later. The planned work records
 * calls backdated to their due day; seen by a replayed day's escalation they would be
 * escalated, then refused their handling, and acknowledged on that day. Commands without an
 * instant of their own are dated by the simulated clock, which is where the run stands.
 */
import { keyedRecord } from '../domain/shared/objects.js';
import type { Callstream } from '../callstream.js';
import type { AggregateResult, CommandResult } from '../commands/pipeline.js';
import { nameUuid } from '../streams/index.js';
import { DomainError } from '../domain/index.js';
import { Agenda } from './agenda.js';
import { setupCommands } from './setup.js';
import { recordPlannedSetup, runPlannedWork } from './planned.js';
import { notificationCounts } from '../projections/notifications.js';
import {
  billedInHistory,
  eventCount,
  intakeSummary,
  summarise,
  tally,
  type DemoSummary,
} from './summary.js';
import { yearEndCommands, yearEndOf } from './year-end.js';
import { logMemory } from './memory-log.js';

export type { DemoSummary } from './summary.js';

/** The simulated first working day: a Monday, 08:00 UTC. */
export const DEMO_START = new Date('2026-11-02T08:00:00Z');

export interface DemoOptions {
  readonly calls: number;
  readonly seed: number;
  /** The simulated first working day (DEMO_START by default). */
  readonly start?: Date;
  readonly onProgress?: (done: number, total: number) => void;
  /** The callstream's clock, moved along with the simulation: what happens without an explicit instant (acknowledgements, billing) happens in simulated time. */
  readonly clock?: SimulatedClock;
}

/** A clock the simulation sets: the pipeline reads it for commands that carry no instant of their own. */
export class SimulatedClock {
  constructor(private now: Date) {}
  readonly read = (): Date => this.now;
  set(at: Date): void {
    if (at.getTime() > this.now.getTime()) this.now = at;
  }
}

const DAY = 24 * 60 * 60_000;

/** The store holds events, but not this run's: another seed's demo, or a history of its own. */
export class AnotherHistory extends Error {
  readonly code = 'AnotherHistory';
  constructor() {
    super('The store holds another history than this demo run');
    this.name = 'AnotherHistory';
  }
}

/**
 * A store with events resumes only the run that wrote them: its first event must be this
 * run's first command's. Checked before any command, so another seed writes nothing into
 * the file (its ids are all new: the setup commands a store takes again would go through),
 * on every store alike.
 */
async function ensureThisRun(callstream: Callstream, firstCommandId: string): Promise<void> {
  for await (const first of callstream.store.readAll({ maxCount: 1 })) {
    const metadata = first.metadata as { commandId?: unknown } | null;
    if (metadata?.commandId === firstCommandId) return;
  }
  throw new AnotherHistory();
}

/**
 * Drives the demo company through the real command pipeline, as a discrete-event
 * simulation: first its master data and configuration, then every planned command at its
 * simulated instant, in time order, with the escalation process run at the end of each
 * working day. The same seed writes the same history; command ids derive from the seed,
 * so a second run on the same file writes nothing new.
 */
export async function runDemo(callstream: Callstream, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const id = (label: string) => nameUuid(`demo/${options.seed}/${label}`);
  const eventsBefore = await eventCount(callstream);
  if (eventsBefore > 0) await ensureThisRun(callstream, id('setup/0'));
  let commands = 0;
  // The store position the demo's own commands have reached, duplicates included: the day's routines see no further.
  let knownBy = 0n;
  const count = (result: CommandResult | AggregateResult) => {
    commands++;
    const call = (result as AggregateResult).call;
    for (const position of [result.position, call?.position])
      if (position !== undefined && position > knownBy) knownBy = position;
  };
  const start = options.start ?? DEMO_START;
  const firstYear = start.getUTCFullYear();
  for (const [i, command] of setupCommands(firstYear).entries())
    count(await callstream.executeJson({ ...command, commandId: id(`setup/${i}`) }));
  await recordPlannedSetup(callstream, { seed: options.seed, firstYear });

  const byScenario: Record<string, number> = keyedRecord();
  // What each call under way has become (its number, its successor's): forgotten once its last step is done.
  const known = new Map<
    number,
    {
      call?: string;
      successor?: string;
      stalled?: boolean;
      left: number;
      /** The engineer each is assigned to, as the recorded events say (routing's or by hand). */
      engineers: { call?: string; successor?: string };
    }
  >();
  const agenda = new Agenda(start, options.calls, options.seed, (call, plan) => {
    tally(byScenario, plan.scenario);
    known.set(call, { left: plan.steps.length, engineers: {} });
  });
  const refusals: Record<string, number> = keyedRecord();
  const unexpected: Record<string, number> = keyedRecord();
  const blocked: Record<string, number> = keyedRecord();
  let nextEscalation = endOfWorkingDay(start);
  let nextYearEnd = yearEndOf(firstYear);
  const administration = { renewedContracts: 0, serviceLevelsPublished: 0 };
  let done = 0;
  let until = start.getTime();
  for (let item = agenda.next(); item; item = agenda.next()) {
    const { step, call, index } = item;
    // The company's routines due before this step, in time order: each working day's escalation, each year's year-end work.
    while (item.at > Math.min(nextEscalation.getTime(), nextYearEnd.getTime())) {
      if (nextYearEnd.getTime() < nextEscalation.getTime()) {
        const year = nextYearEnd.getUTCFullYear();
        options.clock?.set(nextYearEnd);
        for (const [i, command] of yearEndCommands(year, firstYear).entries()) {
          count(
            await callstream.executeJson({ ...command, commandId: id(`year-end/${year}/${i}`) }),
          );
          if (command.type === 'RenewContract') administration.renewedContracts++;
          else administration.serviceLevelsPublished++;
        }
        nextYearEnd = yearEndOf(year + 1);
        continue;
      }
      options.clock?.set(nextEscalation);
      await callstream.queueNotifications({ knownBy });
      await callstream.escalate(nextEscalation, undefined, { knownBy });
      nextEscalation = endOfWorkingDay(new Date(nextEscalation.getTime() + DAY / 2));
    }
    done++;
    until = Math.max(until, item.at);
    const state = known.get(call)!;
    if (--state.left === 0) known.delete(call);
    if (step.unlessAccepted && state.call) continue;
    const reference = step.target === 'request' ? '' : state[step.target];
    if (step.target !== 'request' && !reference) continue; // its intake was refused: nothing more happens to it
    const target = step.target === 'request' ? 'call' : step.target;
    const soFar = {
      ...(state.engineers[target] ? { engineer: state.engineers[target] } : {}),
      ...(state.engineers.call ? { callEngineer: state.engineers.call } : {}),
    };
    if (step.unless?.(soFar)) continue;
    const command: Record<string, unknown> = {
      ...step.command(reference ?? '', soFar),
      commandId: id(`${call}/${index}`),
      at: step.at.toISOString(),
    };
    options.clock?.set(step.at);
    try {
      const result = await callstream.executeJson(command);
      count(result);
      const logged = 'number' in result ? result : result.call;
      if (
        logged &&
        (command.type === 'LogCall' ||
          command.type === 'SubmitRequest' ||
          command.type === 'AcceptRequest')
      )
        state.call = logged.number;
      if ('successor' in result && result.successor) {
        state.successor = result.successor.number;
        // The successor was routed as it was logged (as reopened): whom it went to is recorded there.
        const successor = await callstream.call(result.successor.number);
        state.engineers.successor = successor.routing?.destination.engineer;
      }
      const assigned = lastAssignment(logged?.events ?? []);
      if (assigned) state.engineers[target] = assigned.engineer;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'RequestRefused') tally(refusals, String(error.details.reason));
      else if (error.code === 'CustomerBlocked' || state.stalled) {
        // A block stops the call where it stands: what was planned after that cannot happen either.
        state.stalled = true;
        tally(blocked, String(command.type));
      } else if (!(error.code === 'RequestNotWaiting' && command.type === 'AcceptRequest')) {
        tally(unexpected, `${error.code} (${String(command.type)})`);
        if (process.env.CALLSTREAM_DEMO_DEBUG) process.stderr.write(`${error.message}\n`);
      }
    }
    if (done % 100 === 0 || done === agenda.steps) options.onProgress?.(done, agenda.steps);
  }
  // The planned and automatic work of every year up to the end of the period, done before billing it.
  const end = new Date(until);
  logMemory('the calls');
  const planned = await runPlannedWork(callstream, { seed: options.seed, until: end, firstYear });
  logMemory('the planned work');
  options.clock?.set(end);
  await callstream.queueNotifications();
  await callstream.catchUp();
  logMemory('the notifications');
  // The billing office's run at the end of the period: bill what may be billed, issue it.
  const billingRun = await callstream.runBilling({
    issue: true,
    actor: { id: 'bill', role: 'billing' },
  });
  logMemory('the billing run');
  const invoiced: Record<string, number> = keyedRecord();
  for (const tally of Object.values(callstream.billingTotals('period'))) {
    for (const part of ['total', 'warranty', 'contract', 'chargeable', 'invoiced'] as const)
      invoiced[`${part} ${tally.currency}`] =
        (invoiced[`${part} ${tally.currency}`] ?? 0) +
        // Invoiced net of the credit notes: what the customers owe.
        (part === 'invoiced' ? tally.invoiced - tally.credited : tally[part]);
  }

  const intake = intakeSummary(callstream, refusals);
  const summary = await summarise(callstream, byScenario, end);
  logMemory('the summary');
  const events = await eventCount(callstream);
  return {
    seed: options.seed,
    callsRequested: options.calls,
    commands,
    events,
    written: events - eventsBefore,
    simulatedUntil: end.toISOString(),
    ...summary,
    intake: {
      ...intake,
      blockedSteps: blocked,
      notificationsQueued: notificationCounts(callstream.readModels).queued,
    },
    administration,
    planned,
    billing: {
      ...billedInHistory(callstream),
      notReady: billingRun.notReady,
      amounts: invoiced,
    },
    unexpected,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

/** The last CallAssigned of a command's events (its engineer, if it names one), if any. */
function lastAssignment(
  events: ReadonlyArray<{ type: string; data: unknown }>,
): { engineer?: string } | undefined {
  let last: { engineer?: string } | undefined;
  for (const event of events)
    if (event.type === 'CallAssigned') last = event.data as { engineer?: string };
  return last;
}

/** 18:00 UTC of the given day, or of the next weekday when that has passed or is a weekend. */
function endOfWorkingDay(from: Date): Date {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 18));
  let at = day.getTime() < from.getTime() ? day.getTime() + DAY : day.getTime();
  while ([0, 6].includes(new Date(at).getUTCDay())) at += DAY;
  return new Date(at);
}
