import type { DomainErrorCode } from './error-codes.js';

/**
 * A rule of the domain said no. `code` is stable and machine-readable (one of
 * `domainErrorCodes`); the message is for people. Nothing is written when a decider throws one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
