import { z } from 'zod';
import { markInstant } from './revive.js';
import type { CommandContext } from './command.js';

/**
 * Schema building blocks shared by every aggregate. Instants travel as ISO-8601 strings
 * (the JSON form) and are Dates inside the domain; both forms are accepted on the way in.
 */
const isoInstant = z.iso.datetime({ offset: true });

/**
 * The instants a command may carry, as ISO strings and Dates alike: from the Unix epoch to
 * the last millisecond of year 9999 (UTC). Calls are worked in order of time, so one instant
 * far outside this range would leave its call unworkable; and a four-digit year is what
 * ISO-8601 strings, SQLite and every report can show.
 */
export const earliestInstant = new Date('1970-01-01T00:00:00.000Z');
export const latestInstant = new Date('9999-12-31T23:59:59.999Z');
const instantRange = `from ${earliestInstant.toISOString()} to ${latestInstant.toISOString()}`;

/** The Date an ISO string or a Date names, or a message saying why it is no instant callstream accepts. */
export function acceptedInstant(value: Date | string): Date | string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const time = date.getTime();
  if (Number.isNaN(time)) return 'Invalid instant';
  if (time < earliestInstant.getTime() || time > latestInstant.getTime())
    return `An instant ${instantRange}`;
  return date;
}

export const instant = markInstant(
  z
    .union([z.date(), isoInstant])
    .transform((value, ctx) => {
      const date = acceptedInstant(value);
      if (typeof date === 'string') {
        ctx.addIssue({ code: 'custom', message: date });
        return z.NEVER;
      }
      return date;
    })
    .meta({
      type: 'string',
      format: 'date-time',
      description: `An instant, ISO-8601 with a zone (Z or an offset such as +01:00), ${instantRange}`,
    }),
);

/**
 * An instant inside a stored event or metadata: always the ISO string JSON.stringify wrote
 * for a Date, so decoding only revives it (checking it is a real instant) without the cost
 * of the full ISO pattern that guards the boundary.
 */
export const storedInstant = markInstant(
  z
    .string()
    .transform((value, ctx) => {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: `Not an instant: ${value}` });
        return z.NEVER;
      }
      return date;
    })
    .meta({ type: 'string', format: 'date-time', description: 'An instant, ISO-8601 (UTC)' }),
);

/** A calendar day (YYYY-MM-DD), as contracts, warranties and plans speak of days. */
export const day = z.iso.date();

export const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'Letters, digits and . _ : @ / - only');

/**
 * Names every JavaScript object inherits (`constructor`, `toString`, …; the `__` ones fail
 * the id pattern anyway). Read as a key of a plain object, such an id would find the
 * inherited member, not "nothing": so a command may not give one as a new id.
 */
export const inheritedNames = Object.getOwnPropertyNames(Object.prototype)
  .filter((name) => /^[A-Za-z0-9]/.test(name))
  .sort();

/** An id as a command gives it: the id pattern, less the names every object inherits. */
export const givenId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'Letters, digits and . _ : @ / - only')
  .regex(
    new RegExp(`^(?!(?:${inheritedNames.join('|')})$)`),
    `Not a name every object has (${inheritedNames.join(', ')})`,
  );

/**
 * A UUID as a command gives it, in any case (RFC 9562: .NET and SQL Server write capitals),
 * kept in lower case: one call, notification or command however its id is written.
 */
export const givenUuid = z.uuid().toLowerCase();

export const shortText = z.string().trim().min(1).max(200);
/** Any JSON value (a refusal's details: what the validation found). */
export const jsonValue = z.json();
export type JsonDetail = z.output<typeof jsonValue>;

export const text = z.string().trim().min(1).max(10_000);

/**
 * Free text about the work, not about a person (a reason, a diagnosis, an evaluation): it is
 * stored in clear, never sealed under anyone's key, so its help warns (docs/privacy.md).
 */
export const workText = text.meta({
  description:
    'Free text about the work, stored in clear: personal data typed here is beyond erasure (write it in a follow-up or an internal note)',
});

/**
 * Marks a value as personal data of a person (a name, an e-mail address, a phone number),
 * so it can be encrypted per person and forgotten without rewriting history. The mark is
 * visible in the JSON Schema as `x-personal-data`.
 */
export function personal<T extends z.ZodType>(schema: T): T {
  return schema.meta({ 'x-personal-data': true });
}

/**
 * What a personal value reads as once its person is forgotten (their key destroyed): every
 * personal field's schema accepts it, so a history with forgotten people still decodes
 * strictly (audits, replays) and every fold keeps working.
 */
export const ERASED = '[erased]' as const;
/** A personal value to act on: an erased one (its person forgotten) is none, never an address or a name. */
export const unlessErased = (value: string | undefined): string | undefined =>
  value === ERASED ? undefined : value;
const erasedPattern = '^\\[erased\\]$';

export const personName = personal(z.string().trim().min(1).max(200));
/**
 * A person's name as a command gives it: one line, no control character. A line break in a
 * name would reach a mail header (the notification's addressee). History keeps decoding
 * with the lenient `personName`.
 */
export const givenPersonName = personal(
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^\P{Cc}*$/u, 'One line: no control characters (line breaks, tabs, NUL)'),
);
export const email = personal(
  z.email({ pattern: new RegExp(`${erasedPattern}|${z.regexes.email.source}`) }).max(320),
);
/** A phone number (or an erased one); `phone` marks it personal. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(new RegExp(`${erasedPattern}|^\\+?[0-9 ()./-]{3,32}$`), 'A phone number');
export const phone = personal(phoneNumber);
/**
 * A phone number with digits to compare and dial by (at least three), or an erased one: what
 * commands take. Events keep `phone`, as they were written.
 */
export const phoneWithDigits = personal(
  phoneNumber.refine(
    (value) => value === ERASED || value.replace(/\D/g, '').length >= 3,
    'A phone number with at least three digits',
  ),
);
/** Free text a person wrote (a description, a follow-up, a note, a report, a request's body): theirs. */
export const personalText = personal(z.string().trim().min(1).max(10_000));

/** ISO 4217 code and integer minor units: money is never a float. */
export const currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code');
export const money = z.object({
  amount: z.number().int().min(-1e13).max(1e13),
  currency,
});
export type Money = z.output<typeof money>;
/** A cost a command agrees or reports: never negative (a booking made in error is cancelled, not offset). */
export const cost = z.strictObject({
  amount: z.number().int().min(0, 'A cost is not negative').max(1e13),
  currency,
});
/** A cost booked on a call: something was spent. */
export const bookedCost = z.strictObject({
  amount: z.number().int().positive('A cost booked is more than zero').max(1e13),
  currency,
});

/** `privacy-officer`: the data-protection role, the only one that forgets a person (docs/privacy.md). */
export const roles = [
  'customer',
  'call-taker',
  'agent',
  'engineer',
  'supervisor',
  'billing',
  'system',
  'privacy-officer',
] as const;
export const role = z.enum(roles);
export type Role = z.output<typeof role>;

/** Who did something: everything in the log says who, in which role. */
export const actor = z.object({
  id,
  role,
  name: personName.optional(),
  /** For the customer role: the customer the person speaks for. */
  customerId: id.optional(),
});
export type Actor = z.output<typeof actor>;

/** The events a map of event-data schemas describes: one `{ type, data }` per entry. */
export type EventsOf<S extends Record<string, z.ZodType>> = {
  [T in keyof S]: { readonly type: T; readonly data: z.output<S[T]> };
}[keyof S];

/** An empty strict object infers as Record<string, never>; as a payload it means "no fields". */
export type PayloadOf<S extends z.ZodType> = string extends keyof z.output<S>
  ? object
  : z.output<S>;

/**
 * The commands a map of payload schemas describes: each with the context every decider
 * gets (when, by whom) and, by command type, what the pipeline resolves for it beforehand.
 */
export type CommandsOf<
  S extends Record<string, z.ZodType>,
  Context = CommandContext,
  Extras = object,
> = {
  [T in keyof S]: { readonly type: T } & Context &
    PayloadOf<S[T]> &
    (T extends keyof Extras ? Extras[T] : unknown);
}[keyof S];
