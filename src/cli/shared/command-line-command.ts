import { ValidationError } from '../../commands/errors.js';
import { parseCommand } from '../../commands/schemas.js';
import { UsageError } from './errors.js';

/**
 * A command the CLI builds from its own options (`policy time-zone`, `meter alarm`, `attach`)
 * is checked by the command's schema before any file is opened. A value the schema refuses
 * came from the command line, so it is a usage error (exit 2) naming the option that gave it,
 * and no database is created or touched. `exec` is another thing: its JSON lines are
 * commands, refused one by one (exit 1).
 *
 * `options` maps a field's path (`attachment.sha256`) to what the user typed it as (`--sha256`,
 * or `ZONE` for a positional); a field not named there is reported by its path.
 */
export function checkCommandLine(
  input: Record<string, unknown>,
  options: Readonly<Record<string, string>>,
): void {
  try {
    parseCommand(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const named = new Map(Object.entries(options));
    throw new UsageError(
      error.issues
        .map((issue) => `${named.get(issue.path) ?? issue.path}: ${issue.message}`)
        .join('; '),
    );
  }
}
