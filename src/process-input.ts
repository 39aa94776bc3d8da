import { z } from 'zod';
import { actor } from './domain/index.js';
import { timeZone } from './domain/calendar/schema.js';
import { checked, checkedArgument, instant, text } from './input-checks.js';

/**
 * The processes' boundary (escalation, billing, the planner, notifications, audits): their
 * instants, actors and options are checked before anything is read or written. Without it an
 * invalid Date ran the planner "until null" and a misspelt option was silently ignored.
 */

/** A position in the store's global order. */
const position = z.bigint().min(0n);
const count = z.number().int().min(1);
const knownBy = { knownBy: position.optional() };
const plannerOptions = {
  timeZone: timeZone.optional(),
  // When a day's planned work falls due; 24:00 would be the next day's 00:00.
  dueTime: z
    .string()
    .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'A local time HH:MM from 00:00 to 23:59')
    .optional(),
  fromStart: z.boolean().optional(),
};

/** The instant a process runs as of, or until. */
export const checkRunInstant = (value: Date, name: string, subject: string): Date =>
  checkedArgument(instant, value, name, subject);

export function checkEscalation(asOf: Date, by: unknown, options: object): void {
  checkRunInstant(asOf, 'asOf', 'escalation');
  checkedArgument(actor, by, 'actor', 'escalation');
  checked(z.strictObject(knownBy), options, 'escalation');
}

export const checkNotificationOptions = (options: object): void =>
  checked(z.strictObject(knownBy), options, 'notification run');

export const checkBillingRun = (options: object): void =>
  checked(
    z.strictObject({
      issue: z.boolean().optional(),
      actor: actor.optional(),
      at: instant.optional(),
    }),
    options,
    'billing run',
  );

/** The planner's options (its dry run takes them too, whoever would request: it requests nothing). */
export const checkPlannerOptions = (options: object, subject: string): void =>
  checked(z.strictObject({ ...plannerOptions, actor: actor.optional() }), options, subject);

export const checkPerson = (person: string): string =>
  checkedArgument(text, person, 'person', 'person export');

export const checkVerifyHistoryOptions = (options: object): void =>
  checked(
    z.strictObject({
      against: z.strictObject({ position, chain: z.instanceof(Buffer) }).optional(),
      onProgress: z
        .custom<(...args: unknown[]) => void>((value) => typeof value === 'function', {
          error: 'expected a function',
        })
        .optional(),
      pageSize: count.optional(),
      maxBreaks: z.number().int().min(0).optional(),
      decode: z.boolean().optional(),
      worker: z
        .strictObject({
          script: z.instanceof(URL).optional(),
          minEvents: z.number().int().min(0).optional(),
          whenBusy: z.boolean().optional(),
          at: position.optional(),
        })
        .optional(),
    }),
    options,
    'history verification',
  );

export const checkSealHistoryOptions = (options: object): void =>
  checked(
    z.strictObject({
      actor: actor.optional(),
      now: instant.optional(),
      commandId: text.optional(),
      attempts: count.optional(),
    }),
    options,
    'history seal',
  );
