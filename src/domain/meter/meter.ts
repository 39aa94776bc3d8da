import { z } from 'zod';
import { services, type Service } from '../contract/state.js';
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
import { emptyMap, type PersistentMap } from '../shared/persistent-map.js';
import type { Threshold } from './thresholds.js';

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
 * thresholds.ts; alarms make one call per episode (see RaiseAlarm and episodes.ts).
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
    /** The open alarm of the same code this one repeats: part of its episode, which makes one call (episodes.ts). */
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
  /**
   * The latest reading: readings come in time order, and a new one is judged against this
   * one alone. Not the whole series: a meter read every hour for a decade would make every
   * reading, and every load of the stream, cost more than the one before (the series is in
   * the stream's events and, for counters, in the planner's readings index).
   */
  readonly lastReading?: Reading;
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
  /** When its episode was cleared; a repeat's is read on its episode's first alarm (clearedAtOf). */
  readonly clearedAt?: Date;
}

/**
 * The episodes of one alarm code: the one standing, by its first alarm's id, and those
 * cleared, the latest first. At most one stands: an alarm raised meanwhile repeats it.
 */
export interface Episodes {
  readonly standing?: string;
  readonly cleared?: ClearedEpisode;
}

/** A cleared episode and, behind it, those cleared before: each clearing adds one, copying none. */
export interface ClearedEpisode {
  /** Its first alarm. */
  readonly alarmId: string;
  readonly clearedAt: Date;
  /** The latest clearing of this episode and every one behind it: a search stops once past it. */
  readonly latestClearedAt: Date;
  readonly before?: ClearedEpisode;
}

/**
 * Everything measured on one piece of equipment. A device may raise thousands of alarms a
 * month: they sit in a persistent map and a list per code, so folding one copies none of
 * the others and the thousandth alarm costs what the first did.
 */
export interface Meters {
  readonly meters: Readonly<Record<string, Meter>>;
  /** Every alarm raised, by the device's alarm id. */
  readonly alarms: PersistentMap<Alarm>;
  /** By alarm code. */
  readonly episodes: Readonly<Record<string, Episodes>>;
}

export const initialMeters = (): Meters => ({ meters: {}, alarms: emptyMap(), episodes: {} });

/** Engineers and the system set meters up; readings come from devices, engineers and agents; alarms only from devices. */
export const meterPermissions: Readonly<Record<MeterCommandType, readonly Role[]>> = {
  RegisterMeter: ['supervisor', 'engineer', 'system'],
  SetThreshold: ['supervisor', 'engineer', 'system'],
  RemoveThreshold: ['supervisor', 'engineer', 'system'],
  RecordReading: ['system', 'engineer', 'agent', 'supervisor'],
  RaiseAlarm: ['system'],
  ClearAlarm: ['system', 'engineer', 'supervisor'],
};
