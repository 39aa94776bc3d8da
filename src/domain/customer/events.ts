import { z } from 'zod';
import {
  day,
  email,
  id,
  instant,
  personName,
  phone,
  phoneWithDigits,
  shortText,
  text,
  type EventsOf,
} from '../shared/schema.js';
import { blockReasons } from './state.js';
import { language } from './language.js';

/**
 * Every fact a customer's master data can record. Stored events are forever: a schema here
 * only ever changes by adding a new version and an upcaster (see catalogue.ts).
 */

/** E-mail addresses and phone numbers are personal data; account ids are the customer's, not a person's. */
export const identifierSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: email }),
  z.object({ kind: z.literal('phone'), value: phoneWithDigits }),
  z.object({ kind: z.literal('account'), value: id }),
]);

/** The same, refusing unknown fields: for commands and requests at the boundary. */
export const strictIdentifierSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), value: email }),
  z.strictObject({ kind: z.literal('phone'), value: phoneWithDigits }),
  z.strictObject({ kind: z.literal('account'), value: id }),
]);

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code such as FR');

export const customerEventSchemas = {
  /** language was added later: a customer registered before it has the default (see languageOf). */
  CustomerRegistered: z.object({
    customerId: id,
    at: instant,
    name: shortText,
    language: language.optional(),
  }),
  IdentifierAdded: z.object({ at: instant, identifier: identifierSchema }),
  IdentifierRemoved: z.object({ at: instant, identifier: identifierSchema }),
  ContactAdded: z.object({
    at: instant,
    contactId: id,
    name: personName,
    email: email.optional(),
    phone: phone.optional(),
  }),
  /** The contact as they now are: what is absent, they no longer have. */
  ContactChanged: z.object({
    at: instant,
    contactId: id,
    name: personName,
    email: email.optional(),
    phone: phone.optional(),
  }),
  ContactRemoved: z.object({ at: instant, contactId: id }),
  /** region was added later: a site added before it has none until SiteRegionSet gives one. */
  SiteAdded: z.object({
    at: instant,
    siteId: id,
    name: shortText,
    city: shortText,
    country: countryCode,
    region: id.optional(),
  }),
  SiteRegionSet: z.object({ at: instant, siteId: id, region: id, from: day }),
  BlockPlaced: z.object({
    at: instant,
    blockId: id,
    reason: z.enum(blockReasons),
    note: text.optional(),
    from: day,
    until: day.optional(),
  }),
  BlockReleased: z.object({ at: instant, blockId: id, until: day, note: text.optional() }),
  CustomerPriorityFactorSet: z.object({ at: instant, factor: z.number() }),
  CustomerServiceLevelsSet: z.object({ at: instant, ruleSetId: id }),
  /** The language the customer's notifications are written in. */
  CustomerLanguageSet: z.object({ at: instant, language }),
} as const;

export type CustomerEventType = keyof typeof customerEventSchemas;
export type CustomerEventData<T extends CustomerEventType> = z.output<
  (typeof customerEventSchemas)[T]
>;
export type CustomerEvent = EventsOf<typeof customerEventSchemas>;
export type CustomerEventOf<T extends CustomerEventType> = Extract<CustomerEvent, { type: T }>;

export const customerEventTypes = Object.keys(customerEventSchemas) as CustomerEventType[];
