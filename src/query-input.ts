import { z } from 'zod';
import {
  acceptedInstant,
  callStatuses,
  priority,
  requestStatuses,
  targetStates,
} from './domain/index.js';
import { ValidationError } from './commands/errors.js';
import type { BoardQuery } from './projections/board.js';
import type { HistoryQuery } from './projections/history.js';
import type { InboxQuery } from './projections/requests.js';

/**
 * The queries' boundary: what a caller of the library passes to a query is checked as
 * commands are, and refused with a ValidationError naming what is wrong. Without it a
 * limit of -1 or NaN reached SQL (an SQLite error, or every row but one), and an invalid
 * Date as `asOf` answered the present as if it were the past.
 */

/**
 * A real instant a query may be asked at: a Date that holds a time (z.date refuses an invalid
 * Date), in the range commands accept (acceptedInstant: 1970 to the end of year 9999).
 */
const instant = z
  .date({
    error: (issue) =>
      issue.input instanceof Date ? 'an invalid Date: it holds no time' : 'expected a Date',
  })
  .superRefine((date, ctx) => {
    const accepted = acceptedInstant(date);
    if (typeof accepted === 'string') ctx.addIssue({ code: 'custom', message: accepted });
  });
/** How many rows at most: a whole number, 0 or more. */
const limit = z.number().int().min(0);
/**
 * One value or a list, refused naming what one value may be, whichever way it fails (a
 * union says "Invalid input", or only its one branch's complaint: "Too big").
 */
const oneOrMany = (schema: z.ZodType, expected: string) =>
  z.custom(
    (value) =>
      (Array.isArray(value) ? value : [value]).every((one) => schema.safeParse(one).success),
    { error: `expected ${expected}, or a list of them` },
  );
const oneOf = (values: readonly string[]) => `one of ${values.join(', ')}`;
const text = z.string().min(1);

const boardQuery = z.strictObject({
  status: oneOrMany(z.enum(callStatuses), oneOf(callStatuses)).optional(),
  priority: oneOrMany(priority, 'a priority, a whole number from 1 to 9').optional(),
  group: oneOrMany(text, 'a group id').optional(),
  engineer: oneOrMany(text, 'an engineer id').optional(),
  customerId: oneOrMany(text, 'a customer id').optional(),
  serialNumber: text.optional(),
  serviceLevel: oneOrMany(
    z.enum(targetStates as [string, ...string[]]),
    oneOf(targetStates),
  ).optional(),
  asOf: instant.optional(),
  atRiskShare: z.number().gt(0).max(1).optional(), // as the rules and the CLI take it
  limit: limit.optional(),
});

const historyQuery = z.strictObject({
  customerId: text.optional(),
  serialNumber: text.optional(),
  limit: limit.optional(),
});

const inboxQuery = z.strictObject({
  inbox: text.optional(),
  status: oneOrMany(z.enum(requestStatuses), oneOf(requestStatuses)).optional(),
  limit: limit.optional(),
});

/** A period from `from` (included) to `to` (excluded); one ending before it begins is a mistake, not an empty report. */
const range = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .refine((period) => !(period.from && period.to && period.from > period.to), {
    error: 'ends before it begins (to is before from)',
    path: ['to'],
  });

function checked<T>(schema: z.ZodType, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, what);
  return value as T;
}

export const checkBoardQuery = (query: BoardQuery = {}): BoardQuery =>
  checked(boardQuery, query, 'board query');
export const checkHistoryQuery = (query: HistoryQuery = {}): HistoryQuery =>
  checked(historyQuery, query, 'history query');
export const checkInboxQuery = (query: InboxQuery = {}): InboxQuery =>
  checked(inboxQuery, query, 'inbox query');
export const checkRange = <R extends { from?: Date; to?: Date }>(value: R): R =>
  checked(range, value, 'range');
/** An instant a query is asked at (as of, from, to), when one is given. */
export function checkInstant<D extends Date | undefined>(
  value: D,
  name = 'asOf',
  required = false,
  /** What the instant belongs to, for the message ("Invalid board query: asOf: …"). */
  subject = 'query',
): D {
  if (value === undefined && !required) return value;
  const result = instant.safeParse(value);
  if (!result.success)
    throw new ValidationError(
      result.error.issues.map((issue) => ({
        path: name,
        message: issue.message,
        code: issue.code,
      })),
      subject,
    );
  return value;
}
