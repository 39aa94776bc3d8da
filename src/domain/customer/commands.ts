import { z } from 'zod';
import {
  day,
  email,
  id,
  personName,
  phoneWithDigits,
  shortText,
  text,
  type CommandsOf,
  type PayloadOf,
} from '../shared/schema.js';
import { countryCode, strictIdentifierSchema } from './events.js';
import { blockReasons } from './state.js';
import { language } from './language.js';

/**
 * What can be asked of a customer's master data, as the boundary validates it. Objects
 * are strict: a misspelt field is an error, not silently ignored.
 */

export const customerCommandSchemas = {
  RegisterCustomer: z.strictObject({
    customerId: id,
    name: shortText,
    /** The language of their notifications; without it, their first site's country's, else English. */
    language: language.optional(),
  }),
  AddIdentifier: z.strictObject({ identifier: strictIdentifierSchema }),
  RemoveIdentifier: z.strictObject({ identifier: strictIdentifierSchema }),
  AddContact: z.strictObject({
    contactId: id,
    name: personName,
    email: email.optional(),
    phone: phoneWithDigits.optional(),
  }),
  /** What changed of a contact (at least one field); null clears an e-mail address or phone number. */
  ChangeContact: z.strictObject({
    contactId: id,
    name: personName.optional(),
    email: email.nullable().optional(),
    phone: phoneWithDigits.nullable().optional(),
  }),
  /** Someone who left the customer: their e-mail address and phone number no longer recognise it. */
  RemoveContact: z.strictObject({ contactId: id }),
  /** `region`: the service region the site lies in (routing and engineers' areas), from the start. */
  AddSite: z.strictObject({
    siteId: id,
    name: shortText,
    city: shortText,
    country: countryCode,
    region: id.optional(),
  }),
  /** The site's service region from a day on (history is appended: not before the last change). */
  SetSiteRegion: z.strictObject({ siteId: id, region: id, from: day }),
  /** Without a blockId the next free one (BL1, BL2, …) is taken. */
  PlaceBlock: z.strictObject({
    blockId: id.optional(),
    reason: z.enum(blockReasons),
    note: text.optional(),
    from: day,
    until: day.optional(),
  }),
  /** Scales the service-level periods of this customer's calls (below 1: faster), as the source system's customer factor. */
  SetCustomerPriorityFactor: z.strictObject({ factor: z.number().positive().max(10) }),
  /** The customer's own service levels, used when the contract names none. */
  SetCustomerServiceLevels: z.strictObject({ ruleSetId: id }),
  /** The language the customer's notifications are written in (en, fr, it, es, nl). */
  SetCustomerLanguage: z.strictObject({ language }),
  /** `until` is the last day the block is in force. */
  ReleaseBlock: z.strictObject({ blockId: id, until: day, note: text.optional() }),
} as const;

export type CustomerCommandType = keyof typeof customerCommandSchemas;
export type CustomerCommandPayload<T extends CustomerCommandType> = PayloadOf<
  (typeof customerCommandSchemas)[T]
>;

export type CustomerCommand = CommandsOf<typeof customerCommandSchemas>;
export type CustomerCommandOf<T extends CustomerCommandType> = Extract<
  CustomerCommand,
  { type: T }
>;

export const customerCommandTypes = Object.keys(customerCommandSchemas) as CustomerCommandType[];
