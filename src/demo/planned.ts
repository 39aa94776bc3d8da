import { keyedRecord } from '../domain/shared/objects.js';
import type { Callstream } from '../callstream.js';
import { nameUuid } from '../streams/index.js';
import { REQUESTS_PROJECTION, type InboxEntry } from '../projections/requests.js';
import { REPORT } from '../projections/month-index.js';
import { deviceFacts } from './planned-facts.js';
import { plannedSetupCommands } from './planned-setup.js';
import { doTheWork } from './planned-work.js';

export { plannedSetupCommands } from './planned-setup.js';

export interface PlannedSummary {
  /** Automatic requests by channel (planner, meter, alarm). */
  readonly requests: Record<string, number>;
  readonly calls: number;
  readonly refused: Record<string, number>;
  /** Uncovered planned work waiting for an agent. */
  readonly waiting: number;
  readonly readings: number;
  readonly alarms: number;
  /** Steps on planned calls the rules stopped (a block placed while the call was open). */
  readonly stalled: number;
}

const plannedId = (seed: number, label: string) => nameUuid(`demo/${seed}/planned/${label}`);

/**
 * The master data of planned work (plans, the units they apply to, the coverage lines), as
 * the administrator records it when the company is set up: before the year's calls, as every
 * stream's log runs forward in time (a contract renewed at year end takes no line dated in
 * January after it).
 */
export async function recordPlannedSetup(
  callstream: Callstream,
  options: { seed: number; firstYear: number },
): Promise<void> {
  for (const [i, command] of plannedSetupCommands(options.firstYear).entries())
    await callstream.executeJson({ ...command, commandId: plannedId(options.seed, `setup/${i}`) });
}

/**
 * Records the year's readings and alarms, runs the planner until `until`, and does the
 * work of the calls it created (recordPlannedSetup first). Path independent by design, so one run at the end equals a
 * run per day; command ids derive from the seed and the work, so a second demo run on the
 * same file writes nothing new.
 */
export async function runPlannedWork(
  callstream: Callstream,
  options: { seed: number; until: Date; firstYear?: number },
): Promise<PlannedSummary> {
  const lastYear = options.until.getUTCFullYear();
  const firstYear = Math.min(options.firstYear ?? lastYear, lastYear);
  const id = (label: string) => plannedId(options.seed, label);

  const facts = deviceFacts(options.seed, firstYear, lastYear);
  let readings = 0;
  let alarms = 0;
  for (const [i, fact] of facts.entries()) {
    if (fact.at.getTime() > options.until.getTime()) continue;
    await callstream.executeJson({
      ...fact.command,
      commandId: id(`fact/${i}`),
      at: fact.at.toISOString(),
    });
    if (fact.command.type === 'RecordReading') readings++;
    if (fact.command.type === 'RaiseAlarm') alarms++;
  }

  // Every call the work became, whoever recorded it: a run resumed after the planner started
  // finds the calls the killed run created and does their work all the same, in the same order.
  const report = await callstream.runPlanner(options.until, { fromStart: true });
  let stalled = 0;
  for (const calls of [report.devices.calls, report.calls]) {
    for (const outcome of calls) stalled += await doTheWork(callstream, outcome, options.until, id);
  }
  return { ...plannedRequests(callstream), readings, alarms, stalled };
}

export function plannedRequests(
  callstream: Callstream,
): Pick<PlannedSummary, 'requests' | 'calls' | 'refused' | 'waiting'> {
  const requests: Record<string, number> = keyedRecord();
  const refused: Record<string, number> = keyedRecord();
  let calls = 0;
  let waiting = 0;
  for (const [, entry] of callstream.readModels.all<InboxEntry>(
    REQUESTS_PROJECTION,
    'requests',
    REPORT,
  )) {
    if (entry.channel !== 'planner' && entry.channel !== 'meter' && entry.channel !== 'alarm')
      continue;
    requests[entry.channel] = (requests[entry.channel] ?? 0) + 1;
    if (entry.status === 'accepted') calls++;
    else if (entry.status === 'refused' && entry.refusal)
      refused[entry.refusal.reason] = (refused[entry.refusal.reason] ?? 0) + 1;
    else if (entry.status === 'waiting') waiting++;
  }
  return { requests, calls, refused, waiting };
}
