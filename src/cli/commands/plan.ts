import type { WorkOutcome, WorkReport } from '../../commands/automatic-work.js';
import type { AggregateResult } from '../../commands/pipeline.js';
import { Planner, type DeviceReport, type PlannerOptions } from '../../commands/planner.js';
import { nameUuid } from '../../streams/index.js';
import { alarmSeverities, role as roleSchema, services, type Actor } from '../../domain/index.js';
import type { CliCommand } from '../command.js';
import { instantOption, openExisting, stringOption, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

/**
 * Planned and automatic work from the command line (E1–E3). Plans, meters and thresholds
 * are master data: record them with "callstream exec" (DefineMaintenancePlan,
 * RegisterMeter, SetThreshold). These commands run the planner until an instant, record
 * readings and alarms, and show what became of them.
 */

function actorOf(ctx: CommandContext, fallback: string): Actor {
  const [id, role] = (stringOption(ctx, 'actor') ?? fallback).split(':');
  const parsed = roleSchema.safeParse(role);
  if (!id || !parsed.success) throw new UsageError('--actor is ID:ROLE, e.g. planner:system');
  return { id, role: parsed.data };
}

function required(ctx: CommandContext, name: string): string {
  const value = stringOption(ctx, name);
  if (value === undefined) throw new UsageError(`--${name} is required here`);
  return value;
}

function numberValue(ctx: CommandContext, name: string): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${raw}"`);
  return value;
}

function plannerOptions(ctx: CommandContext): PlannerOptions {
  const timeZone = stringOption(ctx, 'time-zone');
  const dueTime = stringOption(ctx, 'due-time');
  return { actor: actorOf(ctx, 'planner:system'), ...(timeZone ? { timeZone } : {}), ...(dueTime ? { dueTime } : {}) };
}

const when = (outcome: WorkOutcome) => outcome.dueAt.toISOString().slice(0, 16).replace('T', ' ');

function describeWork(report: WorkReport): string {
  const rows = [
    ...report.created.map((o) => [when(o), o.channel, o.serialNumber, o.customerId, `call ${o.call}`, o.summary.slice(0, 60)]),
    ...report.refused.map((o) => [when(o), o.channel, o.serialNumber, o.customerId, `refused: ${o.reason}`, o.summary.slice(0, 60)]),
    ...report.waiting.map((o) => [when(o), o.channel, o.serialNumber, o.customerId, `waits: ${o.reason ?? 'for an agent'}`, o.summary.slice(0, 60)]),
  ];
  const counts = `${report.created.length} call(s) created, ${report.refused.length} refused and recorded, ${report.waiting.length} waiting for an agent, ${report.unchanged} handled before`;
  return rows.length === 0 ? counts : `${counts}\n${table(['Due', 'Channel', 'Serial', 'Customer', 'Outcome', 'Summary'], rows)}`;
}

const planActions = ['run', 'due', 'list'] as const;

export const plan: CliCommand = {
  name: 'plan',
  summary: 'Maintenance plans: run the planner until an instant, preview what is due, list plans',
  usage: 'callstream plan run --until INSTANT [--time-zone ZONE] [--due-time HH:MM] | plan due --until INSTANT | plan list',
  options: {
    until: { type: 'string', description: 'run/due: occurrences due by this instant (e.g. 2027-01-31T23:59:59Z)' },
    'time-zone': { type: 'string', description: 'the zone of the plans’ days; use the pipeline’s (default UTC)' },
    'due-time': { type: 'string', description: 'the local time an occurrence falls due on its day (default 08:00)' },
    actor: { type: 'string', description: 'who submits and accepts, ID:ROLE (default planner:system)' },
  },
  positionals: 1,
  async run(ctx) {
    const action = ctx.positionals[0] as (typeof planActions)[number] | undefined;
    if (!action || !planActions.includes(action)) throw new UsageError(`Which? ${planActions.join(', ')}`);
    const until = action === 'list' ? undefined : instantOption(ctx, 'until');
    if (action !== 'list' && !until) throw new UsageError('--until is required: the planner runs until a given instant, never on a clock of its own');
    const options = plannerOptions(ctx);
    const callstream = await openExisting(ctx.options);
    try {
      if (action === 'run') {
        const report = await callstream.runPlanner(until!, options);
        ctx.out.result(report, () =>
          [
            `Planner run until ${report.until.toISOString()}: ${describeWork(report)}`,
            report.devices.handled > 0 ? `Readings and alarms: ${describeWork(report.devices)}` : '',
            ...report.notes.map((n) => `Note: plan ${n.planId}, task ${n.taskId}: ${n.note}`),
          ].filter(Boolean).join('\n'),
        );
        return report.devices.failed > 0 ? 1 : 0;
      }
      const planner = new Planner(callstream.store, callstream.readModels, callstream.pipeline);
      if (action === 'due') {
        const due = await planner.due(until!, options);
        ctx.out.result(due, () =>
          due.occurrences.length === 0
            ? `Nothing is due by ${until!.toISOString()}.`
            : table(['Due', 'Plan', 'Task', 'Serial', 'Customer', 'Site', 'Trigger'], due.occurrences.map((o) => [o.dueAt.toISOString().slice(0, 16).replace('T', ' '), o.planId, o.taskId, o.serialNumber, o.customerId, o.siteId, o.trigger.kind === 'usage' ? `${o.trigger.meterId} ${o.trigger.mark}` : 'calendar'])),
        );
        return 0;
      }
      const plans = await planner.plans();
      ctx.out.result({ plans }, () =>
        plans.length === 0
          ? 'No maintenance plans (define one with "callstream exec": DefineMaintenancePlan).'
          : table(['Plan', 'Name', 'Applies to', 'From', 'Until', 'Tasks'], plans.map((p) => [p.id, p.name, 'item' in p.scope ? `item ${p.scope.item}` : `serial ${p.scope.serialNumber}`, p.from, p.until, Object.keys(p.tasks).join(', ')])),
      );
      return 0;
    } finally {
      await callstream.close();
    }
  },
};

const meterActions = ['read', 'alarm'] as const;

export const meter: CliCommand = {
  name: 'meter',
  summary: 'Meter readings and device alarms: record them and turn thresholds and alarms into calls',
  usage: 'callstream meter read --serial S --meter M --value V [--at INSTANT] [--replacement] | meter alarm --serial S --alarm-id ID --code C --message TEXT [--severity S] [--at INSTANT]',
  options: {
    serial: { type: 'string', description: 'the serial number of the equipment' },
    meter: { type: 'string', description: 'read: the meter id (copies, hours, pressure, …)' },
    value: { type: 'string', description: 'read: the value the meter shows' },
    at: { type: 'string', description: 'when it was read or raised (default: now); the same reading again is recognised' },
    replacement: { type: 'boolean', description: 'read: the counter was replaced; this is the new meter’s first reading' },
    'final-value': { type: 'string', description: 'read: with --replacement, the old meter’s final value (default its last reading)' },
    'initial-value': { type: 'string', description: 'read: with --replacement, the new meter’s starting value (default 0)' },
    source: { type: 'string', description: 'read: who or what read it' },
    'alarm-id': { type: 'string', description: 'alarm: the device’s id of the alarm' },
    code: { type: 'string', description: 'alarm: the alarm code (same code while open = same episode)' },
    message: { type: 'string', description: 'alarm: what the device says' },
    severity: { type: 'string', description: `alarm: ${alarmSeverities.join(', ')} (default major)` },
    service: { type: 'string', description: `alarm: the service asked for: ${services.join(', ')} (default remote-support)` },
    'time-zone': { type: 'string', description: 'the zone whose day decides whose the equipment is (default UTC)' },
    actor: { type: 'string', description: 'who records it, ID:ROLE (default meter-feed:system)' },
  },
  positionals: 1,
  async run(ctx) {
    const action = ctx.positionals[0] as (typeof meterActions)[number] | undefined;
    if (!action || !meterActions.includes(action)) throw new UsageError(`Which? ${meterActions.join(', ')}`);
    const serialNumber = required(ctx, 'serial');
    const at = (instantOption(ctx, 'at') ?? new Date()).toISOString();
    const actor = actorOf(ctx, 'meter-feed:system');
    let command: Record<string, unknown>;
    if (action === 'read') {
      const meterId = required(ctx, 'meter');
      const value = numberValue(ctx, 'value');
      if (value === undefined) throw new UsageError('--value is required here');
      const finalValue = numberValue(ctx, 'final-value');
      const initialValue = numberValue(ctx, 'initial-value');
      if (!ctx.values.replacement && (finalValue !== undefined || initialValue !== undefined)) throw new UsageError('--final-value and --initial-value go with --replacement');
      const replacement = ctx.values.replacement ? { ...(finalValue === undefined ? {} : { finalValue }), ...(initialValue === undefined ? {} : { initialValue }) } : undefined;
      const source = stringOption(ctx, 'source');
      command = {
        type: 'RecordReading',
        // The reading names its command: recording the same reading again writes nothing.
        commandId: nameUuid(`cli/meter/${serialNumber}/${meterId}/${at}/${value}/${JSON.stringify(replacement ?? null)}`),
        serialNumber,
        meterId,
        value,
        readAt: at,
        ...(replacement ? { replacement } : {}),
        ...(source ? { source } : {}),
      };
    } else {
      const alarmId = required(ctx, 'alarm-id');
      const severity = stringOption(ctx, 'severity');
      const service = stringOption(ctx, 'service');
      command = {
        type: 'RaiseAlarm',
        commandId: nameUuid(`cli/alarm/${serialNumber}/${alarmId}`),
        serialNumber,
        alarmId,
        code: required(ctx, 'code'),
        message: required(ctx, 'message'),
        raisedAt: at,
        ...(severity ? { severity } : {}),
        ...(service ? { service } : {}),
      };
    }
    const callstream = await openExisting(ctx.options);
    try {
      const recorded = (await callstream.execute({ ...command, actor, at })) as AggregateResult;
      const timeZone = stringOption(ctx, 'time-zone');
      const devices: DeviceReport = await callstream.handleDeviceEvents({ actor: { id: 'planner', role: 'system' }, ...(timeZone ? { timeZone } : {}) });
      const facts = recorded.events.map((e) => e.type);
      ctx.out.result({ recorded: { streamName: recorded.streamName, duplicate: recorded.duplicate, events: recorded.events }, devices }, () =>
        [
          recorded.duplicate ? `Already recorded (${recorded.streamName}): nothing new.` : `Recorded on ${recorded.streamName}: ${facts.join(', ')}.`,
          describeWork(devices),
        ].join('\n'),
      );
      return devices.failed > 0 ? 1 : 0;
    } finally {
      await callstream.close();
    }
  },
};
