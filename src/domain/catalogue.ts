import type { z } from 'zod';
import { callEventSchemas } from './call/events.js';
import { callNumberEventSchemas } from './numbers/call-number.js';
import { organisationEventSchemas } from './organisation/organisation.js';
import { serviceLevelEventSchemas } from './service-level/rule-set.js';
import { requestEventSchemas } from './intake/request.js';
import { allowanceEventSchemas } from './billing/allowance.js';
import { invoiceEventSchemas } from './billing/invoice.js';
import { priceListEventSchemas } from './billing/price-list.js';
import { compileReviver, type Reviver } from './shared/revive.js';
import { DomainError } from './shared/errors.js';
import { contractEventSchemas } from './contract/events.js';
import { customerEventSchemas } from './customer/events.js';
import { equipmentEventSchemas } from './equipment/events.js';
import { maintenanceEventSchemas } from './maintenance/plan.js';
import { meterEventSchemas } from './meter/meter.js';
import { personEventSchemas } from './privacy/person.js';
import { historySealedEventSchemas } from './audit/history-sealed.js';
import { notificationEventSchemas } from './notification/schemas.js';
import { engineerEventSchemas } from './engineer/schemas.js';
import { itemEventSchemas } from './item/item.js';
import { agendaEventSchemas } from './agenda/schemas.js';
import { routingEventSchemas } from './routing/rule-set.js';
import { knowledgeEventSchemas } from './knowledge/schemas.js';
import { commandReceiptEventSchemas } from './shared/command-receipt.js';

/**
 * Every event type callstream stores, with its current schema version and the upcasters
 * that lift older stored versions to it. History is never edited: a changed event gets a
 * new version here and an upcaster from the old one.
 */
export const eventSchemas = {
  ...callEventSchemas,
  ...callNumberEventSchemas,
  ...organisationEventSchemas,
  ...serviceLevelEventSchemas,
  ...requestEventSchemas,
  ...priceListEventSchemas,
  ...invoiceEventSchemas,
  ...allowanceEventSchemas,
  ...customerEventSchemas,
  ...contractEventSchemas,
  ...equipmentEventSchemas,
  ...maintenanceEventSchemas,
  ...meterEventSchemas,
  ...personEventSchemas,
  ...historySealedEventSchemas,
  ...notificationEventSchemas,
  ...engineerEventSchemas,
  ...itemEventSchemas,
  ...agendaEventSchemas,
  ...routingEventSchemas,
  ...knowledgeEventSchemas,
  ...commandReceiptEventSchemas,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.output<(typeof eventSchemas)[T]>;
export type DomainEvent = {
  [T in EventType]: { readonly type: T; readonly data: EventData<T> };
}[EventType];

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Current version per type (1 unless listed). */
export const eventVersions: Partial<Record<EventType, number>> = {
  PrioritySet: 2,
  CallRouted: 2,
  ContractChanged: 2,
  CallDetailsCorrected: 2,
};

/** upcasters[type][v] lifts version v to v + 1. */
export const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {
  // v1 did not record the facts routing read: nothing to lift, and nothing invented.
  CallRouted: { 1: (v1) => v1 },
  // v1 did not judge the call's coverage again: its verdict stays the one the call had.
  ContractChanged: { 1: (v1) => v1 },
  // v1 did not judge the coverage again for a corrected item: the call keeps the verdict it had.
  CallDetailsCorrected: { 1: (v1) => v1 },
  PrioritySet: {
    // v1 carried wall-clock targets and the name of the policy they came from; the only
    // policy v1 ever wrote, standard-2026, is the built-in rule set's version 1.
    1: ({ policy, ...v1 }) => ({
      ...v1,
      actualPriority: v1.priority,
      factors: {},
      ruleSetId: policy === 'standard-2026' ? 'standard' : policy,
      version: 1,
      source: 'built-in',
      calendar: '24x7',
    }),
  },
};

export const currentVersion = (type: EventType): number => eventVersions[type] ?? 1;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}

const revivers = new Map<string, Reviver | undefined>();

/**
 * Stored JSON (freshly parsed, owned by the caller) → typed event, fast: the instants the
 * schema declares become Dates, in place. Older versions go through the strict decoder.
 */
export function reviveEvent(type: string, data: unknown, version = 1): DomainEvent {
  if (!isEventType(type) || version !== currentVersion(type))
    return decodeEvent(type, data, version);
  let reviver = revivers.get(type);
  if (reviver === undefined && !revivers.has(type))
    revivers.set(type, (reviver = compileReviver(eventSchemas[type] as z.ZodType)));
  return { type, data: reviver ? reviver(data) : data } as DomainEvent;
}

/**
 * Stored JSON → typed event, strictly: lift old versions, then parse with the current
 * schema (dates become Dates). A stored event that no longer parses is a defect worth
 * failing loudly on: audits decode this way.
 */
export function decodeEvent(type: string, data: unknown, version = 1): DomainEvent {
  if (!isEventType(type)) throw new DomainError('UnknownEventType', `Unknown event type ${type}`);
  let lifted = data as Record<string, unknown>;
  const target = currentVersion(type);
  if (version > target) {
    throw new DomainError(
      'EventFromTheFuture',
      `${type} v${version} is newer than this callstream knows (v${target})`,
    );
  }
  for (let v = version; v < target; v++) {
    const up = upcasters[type]?.[v];
    if (!up) throw new DomainError('MissingUpcaster', `No upcaster for ${type} v${v} → v${v + 1}`);
    lifted = up(lifted);
  }
  const schema = eventSchemas[type] as z.ZodType;
  const parsed = schema.safeParse(lifted);
  if (!parsed.success) {
    throw new DomainError(
      'CorruptEvent',
      `Stored ${type} v${version} does not match its schema: ${parsed.error.message}`,
    );
  }
  return { type, data: parsed.data } as DomainEvent;
}
