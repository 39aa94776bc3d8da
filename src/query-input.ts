import { z } from 'zod';
import { callStatuses, priority, requestStatuses, targetStates } from './domain/index.js';
import { checked, checkedArgument, instant, limit, text } from './input-checks.js';
import type { BoardQuery } from './projections/board.js';
import type { HistoryQuery } from './projections/history.js';
import type { InboxQuery } from './projections/requests.js';
import type { SolutionQuery } from './projections/knowledge/query.js';
import { MAX_WEEKS, type ServiceReportQuery } from './projections/service-report/query.js';

/**
 * The queries' boundary: what a caller of the library passes to a query is checked as
 * commands are, and refused with a ValidationError naming what is wrong. Without it a
 * limit of -1 or NaN reached SQL (an SQLite error, or every row but one), and an invalid
 * Date as `asOf` answered the present as if it were the past.
 */

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

const allowanceCallsQuery = z.strictObject({
  limit: limit.optional(),
  descending: z.boolean().optional(),
});

/** A period ending before it begins is a mistake, not an empty report. */
const inOrder = <T extends { from?: Date | undefined; to?: Date | undefined }>(
  schema: z.ZodType<T>,
) =>
  schema.refine((period) => !(period.from && period.to && period.from > period.to), {
    error: 'ends before it begins (to is before from)',
    path: ['to'],
  });

/** A period from `from` (included) to `to` (excluded), either end open. */
const range = inOrder(z.strictObject({ from: instant.optional(), to: instant.optional() }));

export const checkBoardQuery = (query: BoardQuery = {}): BoardQuery =>
  checked(boardQuery, query, 'board query');
export const checkHistoryQuery = (query: HistoryQuery = {}): HistoryQuery =>
  checked(historyQuery, query, 'history query');
export const checkInboxQuery = (query: InboxQuery = {}): InboxQuery =>
  checked(inboxQuery, query, 'inbox query');
export const checkAllowanceCallsQuery = <Q extends object>(query: Q): Q =>
  checked(allowanceCallsQuery, query, 'billing query');
/** `subject`: the query the period belongs to ("Invalid analytics query: to: …"). */
export const checkRange = <R extends { from?: Date; to?: Date }>(value: R, subject: string): R =>
  checked(range, value, subject);
/** An instant a query is asked at (as of, from, to), when one is given. */
export function checkInstant<D extends Date | undefined>(
  value: D,
  name = 'asOf',
  required = false,
  /** What the instant belongs to, for the message ("Invalid board query: asOf: …"). */
  subject = 'query',
): D {
  if (value === undefined && !required) return value;
  return checkedArgument(instant, value, name, subject);
}

/** What a report groups by: one of its dimensions (a `toString` would group every call under one name). */
export const checkDimension = <D extends string>(
  by: D,
  dimensions: readonly [D, ...D[]],
  subject: string,
): D => checkedArgument(z.enum(dimensions), by, 'by', subject);

/** A call named by id or number. */
export const checkReference = (reference: string, subject: string): string =>
  checkedArgument(text, reference, 'reference', subject);

/** A version of routing rules or service levels: a whole number from 1. */
export const checkVersion = (version: number, subject: string): number =>
  checkedArgument(z.number().int().min(1), version, 'version', subject);

/** A text argument (an engineer, a contract, a rule set): a non-empty string; `undefined` where optional. */
export const checkText = <S extends string | undefined>(
  value: S,
  name: string,
  subject: string,
  optional = false,
): S => checkedArgument(optional ? text.optional() : text, value, name, subject);

/** Who a transaction log is for: staff see every field, the customer what they may (an unknown audience is refused, never shown the staff's log). */
const logOptions = z.strictObject({
  audience: z.enum(['internal', 'customer']).optional(),
  asOf: instant.optional(),
});
export const checkLogOptions = <O extends object>(options: O): O =>
  checked(logOptions, options, 'log query');

const weeks = z.number().int().min(1).max(MAX_WEEKS);
const serviceReportQuery = inOrder(
  z.strictObject({ from: instant.optional(), weeks: weeks.optional(), to: instant.optional() }),
).refine((query) => !(query.from && query.weeks !== undefined), {
  error: 'give from or weeks, not both (weeks count back from to)',
  path: ['weeks'],
});
export const checkServiceReportQuery = (query: ServiceReportQuery = {}): ServiceReportQuery =>
  checked(serviceReportQuery, query, 'service report query');

const suggestionOptions = {
  limit: limit.optional(),
  language: text.optional(),
};
const solutionQuery = z.strictObject({
  item: z.string().optional(),
  product: z.string().optional(),
  problem: z.string().optional(),
  text: z.string().optional(),
  asOf: instant.optional(),
  ...suggestionOptions,
});
export const checkSolutionQuery = (query: SolutionQuery): SolutionQuery =>
  checked(solutionQuery, query, 'solution query');
export const checkSuggestionOptions = <O extends object>(options: O): O =>
  checked(z.strictObject(suggestionOptions), options, 'suggestion query');

/** A period with both ends (the suggestions' quality is judged over one). */
const closedRange = inOrder(z.strictObject({ from: instant, to: instant }));
export const checkClosedRange = (
  period: { from: Date; to: Date },
  subject: string,
): { from: Date; to: Date } => checked(closedRange, period, subject);

/** What a what-if runs as of, and the calls it replays (reported in [from, to)). */
const whatIfOptions = inOrder(
  z.strictObject({ asOf: instant, from: instant.optional(), to: instant.optional() }),
);
export const checkWhatIfOptions = <O extends object>(options: O): O =>
  checked(whatIfOptions, options, 'what-if query');
