import Database from 'better-sqlite3';

const METHODS = ['run', 'get', 'all', 'iterate'] as const;

/**
 * Counts the SQLite statements run while `work` runs (every call of a prepared statement,
 * transactions' BEGIN, COMMIT and savepoints included, and pragmas): a figure of the work per
 * command that the noise of a shared machine cannot move. Counting wraps better-sqlite3's
 * statement methods for the duration and costs a function call per statement.
 */
export async function countingStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const database = Database.prototype as unknown as { pragma: (...args: unknown[]) => unknown };
  const originals = { pragma: database.pragma, ...pick(statement) };
  let statements = 0;
  const counted = (original: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
  for (const method of METHODS) statement[method] = counted(originals[method]);
  database.pragma = counted(originals.pragma);
  try {
    return { result: await work(), statements };
  } finally {
    for (const method of METHODS) statement[method] = originals[method];
    database.pragma = originals.pragma;
  }
}

function pick(statement: Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>) {
  return Object.fromEntries(METHODS.map((m) => [m, statement[m]])) as typeof statement;
}
