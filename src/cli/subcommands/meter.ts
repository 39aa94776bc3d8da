import type { DeviceReport } from '../../commands/planner.js';
import { nameUuid } from '../../streams/index.js';
import { alarmSeverities, services } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';
import {
  actorOption,
  displayZone,
  finiteNumberOption,
  instantOption,
  openExisting,
  requiredOption,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { checkPlannerOptions } from '../../process-input.js';
import { checkCommandLine } from '../shared/command-line-command.js';
import { UsageError } from '../shared/errors.js';
import { describeWork } from '../shared/work-report.js';

/**
 * Automatic work from the command line (E2, E3). Meters and thresholds are master data: record
 * them with "callstream exec" (RegisterMeter, SetThreshold). This command records a reading
 * or an alarm and turns what crossed a threshold or raised an alarm into calls.
 */

const meterActions = ['read', 'alarm'] as const;

const PLANNER = { id: 'planner', role: 'system' } as const;

/** The options each field of RecordReading and RaiseAlarm comes from. */
const fieldOptions = {
  serialNumber: '--serial',
  meterId: '--meter',
  value: '--value',
  readAt: '--at',
  raisedAt: '--at',
  at: '--at',
  'replacement.finalValue': '--final-value',
  'replacement.initialValue': '--initial-value',
  source: '--source',
  alarmId: '--alarm-id',
  code: '--code',
  message: '--message',
  severity: '--severity',
  service: '--service',
  actor: '--actor',
};

export const meter: CliCommand = {
  name: 'meter',
  summary:
    'Meter readings and device alarms: record them and turn thresholds and alarms into calls',
  usage: 'callstream meter ACTION [options]',
  actions: [
    {
      name: 'read',
      summary: 'Record a meter reading; a threshold crossed becomes a request',
      usage:
        'callstream meter read --serial SERIAL --meter ID --value NUMBER [--at INSTANT] [--replacement [--final-value NUMBER] [--initial-value NUMBER]] [--source ID] [--utc]',
    },
    {
      name: 'alarm',
      summary:
        'Record a device alarm; a new episode, or a repeat of one without a call, becomes a request',
      usage:
        'callstream meter alarm --serial SERIAL --alarm-id ID --code CODE --message TEXT [--severity SEVERITY] [--service SERVICE] [--at INSTANT] [--utc]',
    },
  ],
  options: {
    serial: { type: 'string', description: 'the serial number of the equipment' },
    meter: { type: 'string', description: 'read: the meter id (copies, hours, pressure, …)' },
    value: { type: 'string', description: 'read: the value the meter shows' },
    at: {
      type: 'string',
      description:
        'when it was read or raised (default: now); the same reading again is recognised',
    },
    replacement: {
      type: 'boolean',
      description: 'read: the counter was replaced; this is the new meter’s first reading',
    },
    'final-value': {
      type: 'string',
      description:
        'read: with --replacement, the old meter’s final value (default its last reading)',
    },
    'initial-value': {
      type: 'string',
      description: 'read: with --replacement, the new meter’s starting value (default 0)',
    },
    source: { type: 'string', description: 'read: who or what read it' },
    'alarm-id': { type: 'string', description: 'alarm: the device’s id of the alarm' },
    code: {
      type: 'string',
      description: 'alarm: the alarm code (same code while open = same episode)',
    },
    message: { type: 'string', description: 'alarm: what the device says' },
    severity: {
      type: 'string',
      description: `alarm: ${alarmSeverities.join(', ')} (default major)`,
    },
    service: {
      type: 'string',
      description: `alarm: the service asked for: ${services.join(', ')} (default remote-support)`,
    },
    'time-zone': {
      type: 'string',
      description:
        'the zone whose day decides whose the equipment is (default: the organisation’s, callstream policy time-zone; UTC when none is recorded)',
    },
    actor: { type: 'string', description: 'who records it, ID:ROLE (default meter-feed:system)' },
    ...utcOption,
  },
  positionals: 1,
  async run(ctx) {
    const action = ctx.positionals[0] as (typeof meterActions)[number] | undefined;
    if (!action || !meterActions.includes(action))
      throw new UsageError(`Which? ${meterActions.join(', ')}`);
    const serialNumber = requiredOption(ctx, 'serial');
    const now = new Date();
    const given = instantOption(ctx, 'at');
    const at = (given ?? now).toISOString();
    const actor = actorOption(ctx, 'meter-feed:system');
    let command: Record<string, unknown>;
    if (action === 'read') {
      const meterId = requiredOption(ctx, 'meter');
      const value = finiteNumberOption(ctx, 'value');
      if (value === undefined) throw new UsageError('--value is required here');
      const finalValue = finiteNumberOption(ctx, 'final-value');
      const initialValue = finiteNumberOption(ctx, 'initial-value');
      if (!ctx.values.replacement && (finalValue !== undefined || initialValue !== undefined))
        throw new UsageError('--final-value and --initial-value go with --replacement');
      const replacement = ctx.values.replacement
        ? {
            ...(finalValue === undefined ? {} : { finalValue }),
            ...(initialValue === undefined ? {} : { initialValue }),
          }
        : undefined;
      const source = stringOption(ctx, 'source');
      command = {
        type: 'RecordReading',
        // The reading names its command: recording the same reading again writes nothing.
        commandId: nameUuid(
          `cli/meter/${serialNumber}/${meterId}/${at}/${value}/${JSON.stringify(replacement ?? null)}`,
        ),
        serialNumber,
        meterId,
        value,
        readAt: at,
        ...(replacement ? { replacement } : {}),
        ...(source ? { source } : {}),
      };
    } else {
      const alarmId = requiredOption(ctx, 'alarm-id');
      const severity = stringOption(ctx, 'severity');
      const service = stringOption(ctx, 'service');
      command = {
        type: 'RaiseAlarm',
        commandId: nameUuid(`cli/alarm/${serialNumber}/${alarmId}`),
        serialNumber,
        alarmId,
        code: requiredOption(ctx, 'code'),
        message: requiredOption(ctx, 'message'),
        raisedAt: at,
        ...(severity ? { severity } : {}),
        ...(service ? { service } : {}),
      };
    }
    // --at is when the meter was read or the alarm raised (readAt, raisedAt); the fact is
    // recorded now, after whatever the device's stream holds (its log runs forward): a
    // reading taken before another meter's was recorded still counts. Only an instant ahead
    // of the clock dates the recording too (a reading is never recorded before it is taken).
    const issued = { ...command, actor, ...(given && given > now ? { at } : {}) };
    checkCommandLine(issued, fieldOptions);
    const timeZone = stringOption(ctx, 'time-zone');
    const deviceOptions = { actor: PLANNER, ...(timeZone ? { timeZone } : {}) };
    // Checked before the reading is recorded: a mistyped zone must not leave it half done.
    checkPlannerOptions(deviceOptions, 'device events run');
    const callstream = await openExisting(ctx.options);
    try {
      const recorded = await callstream.executeJson(issued);
      const devices: DeviceReport = await callstream.handleDeviceEvents(deviceOptions);
      const zone = await displayZone(ctx, callstream);
      const facts = recorded.events.map((e) => e.type);
      ctx.out.result(
        {
          recorded: {
            streamName: recorded.streamName,
            duplicate: recorded.duplicate,
            events: recorded.events,
          },
          devices,
        },
        () =>
          [
            recorded.duplicate
              ? `Already recorded (${recorded.streamName}): nothing new.`
              : `Recorded on ${recorded.streamName}: ${facts.join(', ')}.`,
            describeWork(devices, zone),
          ].join('\n'),
      );
      return devices.failed > 0 ? 1 : 0;
    } finally {
      await callstream.close();
    }
  },
};
