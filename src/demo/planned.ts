import type { Callstream } from '../callstream.js';
import type { WorkOutcome } from '../commands/automatic-work.js';
import { nameUuid } from '../streams/index.js';
import { DomainError, type Actor } from '../domain/index.js';
import { REQUESTS_PROJECTION, type InboxEntry } from '../projections/requests.js';
import { customers, equipment, groupMembers, staff } from './organisation.js';
import { duringOfficeHours } from './office-hours.js';
import { Random } from './random.js';

/**
 * The demo company's planned and automatic work (E1–E3) over its year: a fire extinguisher
 * at the first site of every customer, on the manufacturer's plan (quarterly inspection,
 * yearly service); copiers with copy counters, serviced every 30,000 copies and called in
 * when the drum reaches its end of life; UPS units with a half-yearly battery test and
 * alarms from their gateway. Preventive maintenance is covered by every contract except
 * Rossi's, so Rossi's planned work waits for an agent; Lemaire's contract ended in October
 * and Studio Verdi is blocked from 9 November, so their later planned calls are refused and
 * recorded. Planned calls that become calls are done on their day by the right group.
 */
const sam: Actor = staff.sam;
const feed: Actor = { id: 'meter-feed', role: 'system' };
const gateway: Actor = { id: 'ups-gateway', role: 'system' };
const MINUTE = 60_000;

const copiers = equipment.filter((unit) => unit.item === 'copier-mx5');
const upsUnits = equipment.filter((unit) => unit.item === 'ups-3000');
const extinguishers = customers.map((customer) => ({
  serialNumber: `EXT-${customer.id.slice(0, 3).toUpperCase()}1`,
  customerId: customer.id,
  siteId: customer.sites[0]!.id,
}));

/** The master data of planned work, as an administrator would record it. */
export function plannedSetupCommands(year = 2026): Array<Record<string, unknown>> {
  const commands: Array<Record<string, unknown>> = [];
  const run = (type: string, fields: Record<string, unknown>) =>
    commands.push({ type, actor: sam, at: `${year}-01-01T07:30:00Z`, ...fields });
  run('DefineGroup', {
    groupId: 'facilities',
    name: 'Facilities and safety',
    kind: 'work',
    members: ['otto', 'ines'],
  });
  for (const unit of extinguishers)
    run('RegisterEquipment', { ...unit, item: 'extinguisher-6kg', from: `${year - 1}-06-01` });
  for (const customer of customers.filter((c) => c.id !== 'rossi')) {
    for (const site of customer.sites)
      run('AddCoverageLine', {
        contractId: `${customer.id}-${year}`,
        service: 'preventive-maintenance',
        scope: { siteId: site.id },
        share: 100,
      });
  }
  run('DefineMaintenancePlan', {
    planId: 'extinguisher-6kg',
    name: 'Portable fire extinguishers (EN 3)',
    manufacturer: 'Sicli',
    scope: { item: 'extinguisher-6kg' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'inspection',
        name: 'Quarterly inspection',
        calendar: { kind: 'interval', every: 3, unit: 'month', first: `${year}-02-02` },
        instructions: 'Check the seal, the pressure gauge and the label; weigh CO2 units.',
      },
      {
        taskId: 'service',
        name: 'Yearly service',
        calendar: { kind: 'yearly', dates: ['06-30'] },
        instructions: 'Full service by a certified technician; renew the label.',
      },
    ],
  });
  run('DefineMaintenancePlan', {
    planId: 'copier-mx5',
    name: 'MX-5 copier service',
    manufacturer: 'Sharp',
    scope: { item: 'copier-mx5' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'service-kit',
        name: 'Service kit (rollers, filters)',
        usage: { meterId: 'copies', every: 30_000 },
      },
    ],
  });
  run('DefineMaintenancePlan', {
    planId: 'ups-3000',
    name: 'UPS 3000 battery care',
    scope: { item: 'ups-3000' },
    from: `${year}-01-01`,
    tasks: [
      {
        taskId: 'battery-test',
        name: 'Battery test',
        calendar: { kind: 'interval', every: 6, unit: 'month', first: `${year}-05-15` },
      },
    ],
  });
  for (const copier of copiers) {
    run('RegisterMeter', {
      serialNumber: copier.serialNumber,
      meterId: 'copies',
      unit: 'copies',
      kind: 'counter',
    });
    run('SetThreshold', {
      serialNumber: copier.serialNumber,
      meterId: 'copies',
      thresholdId: 'drum',
      high: 100_000,
      description: 'Drum end of life: replace the drum unit',
    });
  }
  return commands;
}

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

/**
 * Records the year's readings and alarms, runs the planner until `until`, and does the
 * work of the calls it created. Path independent by design, so one run at the end equals a
 * run per day; command ids derive from the seed and the work, so a second demo run on the
 * same file writes nothing new.
 */
export async function runPlannedWork(
  callstream: Callstream,
  options: { seed: number; until: Date; firstYear?: number },
): Promise<PlannedSummary> {
  const lastYear = options.until.getUTCFullYear();
  const firstYear = Math.min(options.firstYear ?? lastYear, lastYear);
  const id = (label: string) => nameUuid(`demo/${options.seed}/planned/${label}`);
  for (const [i, command] of plannedSetupCommands(firstYear).entries())
    await callstream.executeJson({ ...command, commandId: id(`setup/${i}`) });

  // Each year's facts in turn; the copiers' counters run on from one year to the next.
  const random = new Random(options.seed ^ 0x5eed);
  const facts: Array<{ at: Date; command: Record<string, unknown> }> = [];
  const counters = new Map<string, number>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const copier of copiers) {
      let counter = counters.get(copier.serialNumber) ?? random.int(40, 80) * 1000;
      for (let month = 1; month <= 11; month += 2) {
        const readAt = new Date(Date.UTC(year, month - 1, 1, 9));
        facts.push({
          at: readAt,
          command: {
            type: 'RecordReading',
            actor: feed,
            serialNumber: copier.serialNumber,
            meterId: 'copies',
            value: counter,
            readAt: readAt.toISOString(),
            source: 'copier telemetry',
          },
        });
        counter += random.int(6, 14) * 1000;
      }
      counters.set(copier.serialNumber, counter);
    }
    // Alarm ids are the gateway's, unique per unit: the first year's keep their names.
    const suffix = year === firstYear ? '' : `-${year}`;
    const alarmed = random.pick(upsUnits);
    const outage = new Date(Date.UTC(year, 2 + random.int(0, 5), 3 + random.int(0, 20), 2, 10));
    const alarm = (
      alarmId: string,
      at: Date,
      code: string,
      message: string,
      serialNumber = alarmed.serialNumber,
    ) =>
      facts.push({
        at,
        command: {
          type: 'RaiseAlarm',
          actor: gateway,
          serialNumber,
          alarmId: `${alarmId}${suffix}`,
          code,
          severity: 'critical',
          message,
          raisedAt: at.toISOString(),
        },
      });
    alarm('OB-1', outage, 'ON-BATTERY', 'Mains lost: running on battery');
    alarm(
      'OB-2',
      new Date(outage.getTime() + 10 * MINUTE),
      'ON-BATTERY',
      'Mains lost: running on battery (repeated)',
    );
    facts.push({
      at: new Date(outage.getTime() + 60 * MINUTE),
      command: {
        type: 'ClearAlarm',
        actor: gateway,
        serialNumber: alarmed.serialNumber,
        alarmId: `OB-1${suffix}`,
        note: 'Mains back',
      },
    });
    alarm(
      'OH-1',
      new Date(Date.UTC(year, 7, 12, 14, 30)),
      'OVERHEAT',
      'Battery temperature 45 °C',
      random.pick(upsUnits).serialNumber,
    );
  }
  facts.sort((a, b) => a.at.getTime() - b.at.getTime());
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

/** The call's work on its day: dispatched to its group, done by an engineer, classified and closed. Returns the steps the rules stopped. */
async function doTheWork(
  callstream: Callstream,
  outcome: WorkOutcome,
  until: Date,
  id: (label: string) => string,
): Promise<number> {
  if (!outcome.call) return 0;
  const group = outcome.serialNumber.startsWith('EXT-')
    ? 'facilities'
    : outcome.serialNumber.startsWith('UPS-')
      ? 'servers-l1'
      : 'print-l1';
  const engineer = group === 'facilities' ? staff.otto : groupMembers[group][0]!;
  const preventive = outcome.channel === 'planner';
  const steps: Array<[number, Record<string, unknown>]> = [
    [30, { type: 'AssignCall', actor: sam, group, engineer: engineer.id }],
    [60, { type: 'StartWork', actor: engineer }],
    [
      150,
      {
        type: 'ResolveCall',
        actor: engineer,
        solution: preventive
          ? 'Maintenance done as the plan prescribes'
          : 'Cause found and fixed on site',
      },
    ],
    [
      170,
      {
        type: 'ClassifyCall',
        actor: staff.ann,
        purpose: preventive ? 'on-site-maintenance' : 'product-defect',
      },
    ],
    [180, { type: 'CloseCall', actor: staff.ann }],
  ];
  // The staff work office hours: from the first opening at or after the due instant, each step in them.
  const start = duringOfficeHours(outcome.dueAt.getTime());
  const times: number[] = [];
  for (const [minutes] of steps)
    times.push(duringOfficeHours(Math.max(times.at(-1) ?? 0, start + minutes * MINUTE)));
  if (times.at(-1)! > until.getTime()) return 0;
  for (const [i, [, command]] of steps.entries()) {
    try {
      await callstream.executeJson({
        ...command,
        commandId: id(`${outcome.key}/${String(command.type)}`),
        at: new Date(times[i]!).toISOString(),
        call: outcome.call,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return steps.length - steps.findIndex(([, c]) => c === command);
    }
  }
  return 0;
}

function plannedRequests(
  callstream: Callstream,
): Pick<PlannedSummary, 'requests' | 'calls' | 'refused' | 'waiting'> {
  const requests: Record<string, number> = {};
  const refused: Record<string, number> = {};
  let calls = 0;
  let waiting = 0;
  for (const [, entry] of callstream.readModels.all<InboxEntry>(REQUESTS_PROJECTION, 'requests')) {
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
