import { z } from 'zod';
import { services, type Service } from '../contract/state.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import {
  id,
  instant,
  shortText,
  storedInstant,
  text,
  type Actor,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { judgeReading, type Threshold } from './thresholds.js';

/**
 * The meters of one piece of equipment (E2): its counters (copies, operating hours — they
 * only go up) and gauges (pressure, temperature — any value), their readings and
 * thresholds, and the alarms the device raises. One stream per piece of equipment, by
 * serial number: the installed base says whose it is and where it stands on any day.
 *
 * Readings are facts in time order. A counter that goes backwards is refused — unless the
 * command says the meter was replaced, which is recorded as such and carries the usage
 * counted so far over to the new meter. A reading already recorded is refused as such, so
 * a replayed reading never counts twice. Thresholds follow the re-arm rule of
 * thresholds.ts; alarms make one call per episode (see RaiseAlarm).
 */
export const METER_STREAM_PREFIX = 'meters-';
export const meterStreamName = (serialNumber: string): string =>
  `${METER_STREAM_PREFIX}${serialNumber}`;

export const meterKinds = ['counter', 'gauge'] as const;
export type MeterKind = (typeof meterKinds)[number];
export const alarmSeverities = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof alarmSeverities)[number];

const priority = z.number().int().min(1).max(9);
const value = z.number().min(-1e15).max(1e15);

export const meterCommandSchemas = {
  RegisterMeter: z.strictObject({
    meterId: id,
    unit: shortText,
    kind: z.enum(meterKinds),
    name: shortText.optional(),
  }),
  /** A range of normal values (high, low or both); setting it again replaces it and arms it afresh. */
  SetThreshold: z.strictObject({
    meterId: id,
    thresholdId: id,
    high: value.optional(),
    low: value.optional(),
    hysteresis: z.number().min(0).max(1e15).default(0),
    service: z.enum(services).default('on-site-repair'),
    priority: priority.optional(),
    description: text.optional(),
  }),
  RemoveThreshold: z.strictObject({ meterId: id, thresholdId: id }),
  RecordReading: z.strictObject({
    meterId: id,
    value,
    /** When the meter showed the value (default: the command's instant). */
    readAt: instant.optional(),
    /**
     * The counter was replaced and this is the new meter's first reading: the old one's
     * final value (default its last reading) and the new one's starting value (default 0).
     */
    replacement: z
      .strictObject({ finalValue: value.optional(), initialValue: value.optional() })
      .optional(),
    /** Who or what read it: a device feed, an engineer, a customer's e-mail. */
    source: shortText.optional(),
  }),
  /** An alarm from the device, by the device's own alarm id. */
  RaiseAlarm: z.strictObject({
    alarmId: id,
    code: shortText,
    severity: z.enum(alarmSeverities).default('major'),
    message: text,
    raisedAt: instant.optional(),
    service: z.enum(services).default('remote-support'),
    priority: priority.optional(),
  }),
  ClearAlarm: z.strictObject({ alarmId: id, clearedAt: instant.optional(), note: text.optional() }),
} as const;

const at = storedInstant;
export const meterEventSchemas = {
  MeterRegistered: z.object({
    at,
    meterId: id,
    unit: shortText,
    kind: z.enum(meterKinds),
    name: shortText.optional(),
  }),
  ThresholdSet: z.object({
    at,
    meterId: id,
    thresholdId: id,
    high: z.number().optional(),
    low: z.number().optional(),
    hysteresis: z.number(),
    service: z.enum(services),
    priority: priority.optional(),
    description: text.optional(),
  }),
  ThresholdRemoved: z.object({ at, meterId: id, thresholdId: id }),
  ReadingRecorded: z.object({
    at,
    meterId: id,
    readAt: storedInstant,
    value: z.number(),
    /** Counters: the usage counted so far, across replacements (what usage schedules count). */
    total: z.number().optional(),
    replacement: z.object({ finalValue: z.number(), initialValue: z.number() }).optional(),
    source: shortText.optional(),
  }),
  ThresholdCrossed: z.object({
    at,
    meterId: id,
    thresholdId: id,
    readAt: storedInstant,
    value: z.number(),
    unit: shortText,
    limit: z.enum(['high', 'low']),
    limitValue: z.number(),
    service: z.enum(services),
    priority: priority.optional(),
    description: text.optional(),
  }),
  ThresholdRearmed: z.object({
    at,
    meterId: id,
    thresholdId: id,
    readAt: storedInstant,
    value: z.number(),
  }),
  AlarmRaised: z.object({
    at,
    alarmId: id,
    code: shortText,
    severity: z.enum(alarmSeverities),
    message: text,
    raisedAt: storedInstant,
    service: z.enum(services),
    priority: priority.optional(),
    /** The open alarm of the same code this one repeats: the episode already has its call. */
    repeatOf: id.optional(),
  }),
  AlarmCleared: z.object({
    at,
    alarmId: id,
    code: shortText,
    clearedAt: storedInstant,
    note: text.optional(),
  }),
} as const;

type Schemas = typeof meterCommandSchemas;
export type MeterCommandType = keyof Schemas;
export type MeterCommand = {
  [T in keyof Schemas]: {
    readonly type: T;
    readonly at: Date;
    readonly actor: Actor;
    readonly serialNumber?: string;
  } & z.output<Schemas[T]>;
}[keyof Schemas];
export type MeterEvent = EventsOf<typeof meterEventSchemas>;

export interface Reading {
  readonly at: Date;
  readonly value: number;
  /** Counters only: usage counted so far, across replacements. */
  readonly total?: number;
}

export interface Meter {
  readonly unit: string;
  readonly kind: MeterKind;
  readonly name?: string;
  readonly thresholds: Readonly<Record<string, Threshold>>;
  /** In time order. */
  readonly readings: readonly Reading[];
  readonly replacements: number;
}

export interface Alarm {
  readonly code: string;
  readonly severity: AlarmSeverity;
  readonly message: string;
  readonly raisedAt: Date;
  readonly service: Service;
  readonly priority?: number;
  readonly repeatOf?: string;
  readonly clearedAt?: Date;
}

/** Everything measured on one piece of equipment. */
export interface Meters {
  readonly meters: Readonly<Record<string, Meter>>;
  readonly alarms: Readonly<Record<string, Alarm>>;
}

export const initialMeters = (): Meters => ({ meters: {}, alarms: {} });

/** Engineers and the system set meters up; readings come from devices, engineers and agents; alarms only from devices. */
export const meterPermissions: Readonly<Record<MeterCommandType, readonly Role[]>> = {
  RegisterMeter: ['supervisor', 'engineer', 'system'],
  SetThreshold: ['supervisor', 'engineer', 'system'],
  RemoveThreshold: ['supervisor', 'engineer', 'system'],
  RecordReading: ['system', 'engineer', 'agent', 'supervisor'],
  RaiseAlarm: ['system'],
  ClearAlarm: ['system', 'engineer', 'supervisor'],
};

export function decideMeters(command: MeterCommand, state: Meters): MeterEvent[] {
  const { at } = command;
  const on = command.serialNumber === undefined ? '' : ` on ${command.serialNumber}`;
  switch (command.type) {
    case 'RegisterMeter': {
      if (state.meters[command.meterId])
        throw new DomainError(
          'MeterAlreadyRegistered',
          `Meter ${command.meterId}${on} is already registered`,
          { meterId: command.meterId },
        );
      const { meterId, unit, kind, name } = command;
      return [{ type: 'MeterRegistered', data: strip({ at, meterId, unit, kind, name }) }];
    }
    case 'SetThreshold': {
      meterOf(state, command.meterId, on);
      const {
        meterId,
        thresholdId,
        high,
        low,
        hysteresis,
        service,
        priority: p,
        description,
      } = command;
      if (high === undefined && low === undefined)
        throw new DomainError(
          'ThresholdWithoutLimit',
          `Threshold ${thresholdId} needs a high limit, a low limit or both`,
          { thresholdId },
        );
      if (high !== undefined && low !== undefined && low >= high) {
        throw new DomainError(
          'InvalidRange',
          `Threshold ${thresholdId}: the low limit (${low}) must lie below the high limit (${high})`,
          { thresholdId, low, high },
        );
      }
      if (high !== undefined && low !== undefined && low + hysteresis >= high - hysteresis) {
        // No reading could ever be back inside the range: the threshold would trip once and never re-arm.
        throw new DomainError(
          'InvalidRange',
          `Threshold ${thresholdId}: a hysteresis of ${hysteresis} leaves no value between ${low} and ${high} to re-arm on`,
          { thresholdId, low, high, hysteresis },
        );
      }
      return [
        {
          type: 'ThresholdSet',
          data: strip({
            at,
            meterId,
            thresholdId,
            high,
            low,
            hysteresis,
            service,
            priority: p,
            description,
          }),
        },
      ];
    }
    case 'RemoveThreshold': {
      const meter = meterOf(state, command.meterId, on);
      if (!meter.thresholds[command.thresholdId]) {
        throw new DomainError(
          'UnknownThreshold',
          `Meter ${command.meterId}${on} has no threshold ${command.thresholdId}`,
          { meterId: command.meterId, thresholdId: command.thresholdId },
        );
      }
      return [
        {
          type: 'ThresholdRemoved',
          data: { at, meterId: command.meterId, thresholdId: command.thresholdId },
        },
      ];
    }
    case 'RecordReading':
      return recordReading(command, meterOf(state, command.meterId, on), on);
    case 'RaiseAlarm': {
      const raisedAt = command.raisedAt ?? at;
      if (raisedAt.getTime() > at.getTime()) {
        throw new DomainError(
          'RaisedInFuture',
          `An alarm cannot be raised (${raisedAt.toISOString()}) after it is received (${at.toISOString()})`,
        );
      }
      const known = state.alarms[command.alarmId];
      if (known) {
        throw new DomainError(
          'AlarmAlreadyRaised',
          `Alarm ${command.alarmId}${on} was already raised at ${known.raisedAt.toISOString()} (${known.code})`,
          { alarmId: command.alarmId, code: known.code },
        );
      }
      // One call per episode: while an alarm of this code is open, another one repeats it.
      const open = Object.entries(state.alarms).find(
        ([, alarm]) => alarm.code === command.code && !alarm.clearedAt && !alarm.repeatOf,
      );
      const { alarmId, code, severity, message, service, priority: p } = command;
      return [
        {
          type: 'AlarmRaised',
          data: strip({
            at,
            alarmId,
            code,
            severity,
            message,
            raisedAt,
            service,
            priority: p,
            repeatOf: open?.[0],
          }),
        },
      ];
    }
    case 'ClearAlarm': {
      const alarm = state.alarms[command.alarmId];
      if (!alarm)
        throw new DomainError('UnknownAlarm', `No alarm ${command.alarmId}${on}`, {
          alarmId: command.alarmId,
        });
      if (alarm.clearedAt)
        throw new DomainError(
          'AlarmAlreadyCleared',
          `Alarm ${command.alarmId}${on} was already cleared at ${alarm.clearedAt.toISOString()}`,
          { alarmId: command.alarmId },
        );
      return [
        {
          type: 'AlarmCleared',
          data: strip({
            at,
            alarmId: command.alarmId,
            code: alarm.code,
            clearedAt: command.clearedAt ?? at,
            note: command.note,
          }),
        },
      ];
    }
  }
}

function recordReading(
  command: Extract<MeterCommand, { type: 'RecordReading' }>,
  meter: Meter,
  on: string,
): MeterEvent[] {
  const { at, meterId, value: shown, replacement, source } = command;
  const readAt = command.readAt ?? at;
  if (readAt.getTime() > at.getTime()) {
    throw new DomainError(
      'ReadingInFuture',
      `A reading cannot be taken (${readAt.toISOString()}) after it is recorded (${at.toISOString()})`,
    );
  }
  const last = meter.readings[meter.readings.length - 1];
  if (last?.at.getTime() === readAt.getTime()) {
    if (shown === last.value && !replacement) {
      throw new DomainError(
        'ReadingAlreadyRecorded',
        `Meter ${meterId}${on} already shows ${shown} at ${readAt.toISOString()}: the reading was recorded before`,
        { meterId, readAt: readAt.toISOString(), value: shown },
      );
    }
    throw new DomainError(
      'ConflictingReading',
      `Meter ${meterId}${on} was read as ${last.value} at ${readAt.toISOString()}, not ${shown}`,
      { meterId, readAt: readAt.toISOString(), recorded: last.value, value: shown },
    );
  }
  if (last && readAt.getTime() < last.at.getTime()) {
    throw new DomainError(
      'ReadingOutOfOrder',
      `Meter ${meterId}${on} has a reading of ${last.at.toISOString()}: a reading of ${readAt.toISOString()} comes too late to count`,
      { meterId, last: last.at.toISOString(), readAt: readAt.toISOString() },
    );
  }
  let total: number | undefined;
  let replaced: { finalValue: number; initialValue: number } | undefined;
  if (meter.kind === 'gauge') {
    if (replacement)
      throw new DomainError(
        'NotACounter',
        `Meter ${meterId}${on} is a gauge: only counters are replaced with their count carried over`,
        { meterId },
      );
  } else if (replacement) {
    if (!last)
      throw new DomainError(
        'NothingToReplace',
        `Meter ${meterId}${on} has no reading yet: record its first reading without a replacement`,
        { meterId },
      );
    replaced = {
      finalValue: replacement.finalValue ?? last.value,
      initialValue: replacement.initialValue ?? 0,
    };
    if (replaced.finalValue < last.value) {
      throw new DomainError(
        'CounterWentBackwards',
        `The replaced meter ${meterId}${on} showed ${last.value} already: its final value cannot be ${replaced.finalValue}`,
        { meterId, last: last.value, finalValue: replaced.finalValue },
      );
    }
    if (shown < replaced.initialValue) {
      throw new DomainError(
        'CounterWentBackwards',
        `The new meter ${meterId}${on} started at ${replaced.initialValue}: it cannot show ${shown}`,
        { meterId, initialValue: replaced.initialValue, value: shown },
      );
    }
    total =
      (last.total ?? last.value) +
      (replaced.finalValue - last.value) +
      (shown - replaced.initialValue);
  } else {
    if (last && shown < last.value) {
      throw new DomainError(
        'CounterWentBackwards',
        `Counter ${meterId}${on} showed ${last.value} at ${last.at.toISOString()} and cannot go back to ${shown}; if the meter was replaced, record the reading as a replacement`,
        { meterId, last: last.value, value: shown },
      );
    }
    total = last ? (last.total ?? last.value) + (shown - last.value) : shown;
  }
  const events: MeterEvent[] = [
    {
      type: 'ReadingRecorded',
      data: strip({ at, meterId, readAt, value: shown, total, replacement: replaced, source }),
    },
  ];
  for (const [thresholdId, threshold] of Object.entries(meter.thresholds).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const judged = judgeReading(threshold, shown);
    if (judged?.kind === 'crossed') {
      const { service, priority: p, description } = threshold;
      events.push({
        type: 'ThresholdCrossed',
        data: strip({
          at,
          meterId,
          thresholdId,
          readAt,
          value: shown,
          unit: meter.unit,
          limit: judged.limit,
          limitValue: judged.limitValue,
          service,
          priority: p,
          description,
        }),
      });
    } else if (judged?.kind === 'rearmed') {
      events.push({
        type: 'ThresholdRearmed',
        data: { at, meterId, thresholdId, readAt, value: shown },
      });
    }
  }
  return events;
}

export function evolveMeters(state: Meters, event: MeterEvent): Meters {
  switch (event.type) {
    case 'MeterRegistered': {
      const { meterId, unit, kind, name } = event.data;
      return {
        ...state,
        meters: {
          ...state.meters,
          [meterId]: strip({ unit, kind, name, thresholds: {}, readings: [], replacements: 0 }),
        },
      };
    }
    case 'ThresholdSet': {
      const {
        meterId,
        thresholdId,
        high,
        low,
        hysteresis,
        service,
        priority: p,
        description,
      } = event.data;
      return withMeter(state, meterId, (meter) => ({
        ...meter,
        thresholds: {
          ...meter.thresholds,
          [thresholdId]: strip({
            high,
            low,
            hysteresis,
            service,
            priority: p,
            description,
            tripped: false,
          }),
        },
      }));
    }
    case 'ThresholdRemoved': {
      const { meterId, thresholdId } = event.data;
      return withMeter(state, meterId, (meter) => {
        const { [thresholdId]: _removed, ...thresholds } = meter.thresholds;
        return { ...meter, thresholds };
      });
    }
    case 'ReadingRecorded': {
      const { meterId, readAt, value: shown, total, replacement } = event.data;
      return withMeter(state, meterId, (meter) => ({
        ...meter,
        readings: [...meter.readings, strip({ at: readAt, value: shown, total })],
        replacements: meter.replacements + (replacement ? 1 : 0),
      }));
    }
    case 'ThresholdCrossed':
    case 'ThresholdRearmed': {
      const { meterId, thresholdId } = event.data;
      const tripped = event.type === 'ThresholdCrossed';
      return withMeter(state, meterId, (meter) => {
        const threshold = meter.thresholds[thresholdId];
        return threshold
          ? {
              ...meter,
              thresholds: { ...meter.thresholds, [thresholdId]: { ...threshold, tripped } },
            }
          : meter;
      });
    }
    case 'AlarmRaised': {
      const {
        alarmId,
        code,
        severity,
        message,
        raisedAt,
        service,
        priority: p,
        repeatOf,
      } = event.data;
      return {
        ...state,
        alarms: {
          ...state.alarms,
          [alarmId]: strip({ code, severity, message, raisedAt, service, priority: p, repeatOf }),
        },
      };
    }
    case 'AlarmCleared': {
      // Clearing any alarm of an episode ends the episode: its repeats are cleared with it.
      const { code, clearedAt } = event.data;
      const alarms = Object.fromEntries(
        Object.entries(state.alarms).map(([alarmId, alarm]) => [
          alarmId,
          alarm.code === code && !alarm.clearedAt ? { ...alarm, clearedAt } : alarm,
        ]),
      );
      return { ...state, alarms };
    }
  }
}

function meterOf(state: Meters, meterId: string, on: string): Meter {
  const meter = state.meters[meterId];
  if (!meter) {
    const known = Object.keys(state.meters);
    throw new DomainError(
      'UnknownMeter',
      `No meter ${meterId}${on}${known.length ? `; meters: ${known.join(', ')}` : ''}`,
      { meterId },
    );
  }
  return meter;
}

function withMeter(state: Meters, meterId: string, change: (meter: Meter) => Meter): Meters {
  const meter = state.meters[meterId];
  return meter ? { ...state, meters: { ...state.meters, [meterId]: change(meter) } } : state;
}

/** The usage points of a counter, for usage schedules; undefined for a gauge or an unknown meter. */
export function counterReadings(
  state: Meters,
  meterId: string,
): Array<{ at: Date; total: number }> | undefined {
  const meter = state.meters[meterId];
  if (meter?.kind !== 'counter') return undefined;
  return meter.readings.map((reading) => ({
    at: reading.at,
    total: reading.total ?? reading.value,
  }));
}
