import { z } from 'zod';
import { acceptedInstant } from './domain/index.js';
import { ValidationError } from './commands/errors.js';

/**
 * What the library's queries and processes check their arguments with, as commands are
 * checked: a wrong argument is refused with a ValidationError naming it, before anything is
 * read or written (query-input.ts, process-input.ts).
 */

/**
 * A real instant a query or process may be asked at: a Date that holds a time (z.date refuses
 * an invalid Date), in the range commands accept (acceptedInstant: 1970 to the end of 9999).
 */
export const instant = z
  .date({
    error: (issue) =>
      issue.input instanceof Date ? 'an invalid Date: it holds no time' : 'expected a Date',
  })
  .superRefine((date, ctx) => {
    const accepted = acceptedInstant(date);
    if (typeof accepted === 'string') ctx.addIssue({ code: 'custom', message: accepted });
  });
/** How many rows at most: a whole number, 0 or more. */
export const limit = z.number().int().min(0);
export const text = z.string().min(1);

/** A whole argument object checked (unknown fields refused when the schema is strict). */
export function checked<T>(schema: z.ZodType, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, what);
  return value as T;
}

/** One argument, checked by its name ("Invalid analytics query: by: …"). */
export function checkedArgument<T>(schema: z.ZodType, value: T, name: string, subject: string): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError(
      result.error.issues.map((issue) => ({
        path: [name, ...issue.path.map(String)].join('.'),
        message: issue.message,
        code: issue.code,
      })),
      subject,
    );
  return value;
}
