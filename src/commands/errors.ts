import type { z } from 'zod';

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

/** The input is not a valid command (or query: `subject` says which). Nothing was written. */
export class ValidationError extends Error {
  readonly code = 'ValidationError';
  constructor(
    readonly issues: readonly ValidationIssue[],
    /** What was invalid: a command (refused) or a query ("board query", …). */
    readonly subject = 'command',
  ) {
    super(
      `Invalid ${subject}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ValidationError';
  }

  static fromZod(error: z.ZodError, subject?: string): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
        code: issue.code,
      })),
      subject,
    );
  }
}

/** The actor's role may not issue this command. Nothing was written. */
export class Forbidden extends Error {
  readonly code = 'Forbidden';
  constructor(
    readonly role: string,
    readonly commandType: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `${/^[aeiou]/.test(role) ? 'An' : 'A'} ${role} may not ${commandType}; allowed: ${allowed.join(', ')}`,
    );
    this.name = 'Forbidden';
  }
}

/**
 * The same command id was used for a different command (another type, or the same type with
 * another actor, instant or payload): a client defect, never a retry. Nothing was written.
 */
export class CommandIdReused extends Error {
  readonly code = 'CommandIdReused';
  constructor(
    readonly commandId: string,
    readonly firstType: string,
    readonly secondType: string,
    /** What differs: the command type, its content, or what it acts on (another call, customer, request, …). */
    readonly differs: 'type' | 'payload' | 'target' = 'type',
  ) {
    super(
      differs === 'type'
        ? `Command id ${commandId} was already used for ${firstType}; it cannot be reused for ${secondType}`
        : differs === 'payload'
          ? `Command id ${commandId} was already used for a ${firstType} with other content; a resend must repeat it exactly (use a new command id for a new command)`
          : `Command id ${commandId} was already used for ${firstType}; it cannot be reused for this ${secondType} (use a new command id for a new command)`,
    );
    this.name = 'CommandIdReused';
  }
}

/** The stream kept changing under the command: retries ran out. Nothing was written. */
export class ConcurrencyConflict extends Error {
  readonly code = 'ConcurrencyConflict';
  constructor(
    readonly streamName: string,
    readonly attempts: number,
  ) {
    super(`Gave up after ${attempts} attempts: stream ${streamName} kept changing concurrently`);
    this.name = 'ConcurrencyConflict';
  }
}

/** A command or process given to a callstream opened for reading only (`readOnly`): nothing was written. */
export class CallstreamReadOnly extends Error {
  readonly code = 'CallstreamReadOnly';
  constructor(readonly fileName: string) {
    super(
      `${fileName} is open for reading only: nothing was written; open it without readOnly, from a file and folder you may write, to record commands`,
    );
    this.name = 'CallstreamReadOnly';
  }
}

/** A command given to a callstream after `close()`: nothing was written. */
export class CallstreamClosed extends Error {
  readonly code = 'CallstreamClosed';
  constructor() {
    super('This callstream is closed: nothing was written; open another with Callstream.open');
    this.name = 'CallstreamClosed';
  }
}
