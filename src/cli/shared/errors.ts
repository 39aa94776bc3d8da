/** The command line was wrong: exit code 2, with the usage hint. */
export class UsageError extends Error {
  readonly code = 'UsageError';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The JSON form of any error callstream throws: code, message and whatever details it carries. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { code: 'Error', message: String(error) };
  const {
    name: _name,
    message,
    stack: _stack,
    ...details
  } = error as Error & Record<string, unknown>;
  const code = typeof details.code === 'string' ? details.code : error.name;
  return { ...details, code, message };
}
