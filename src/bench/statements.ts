import Database from 'better-sqlite3';

const METHODS = ['run', 'get', 'all', 'iterate'] as const;

export type StatementMethod = (typeof METHODS)[number];

/** Runs the statement (`proceed`) and returns what it returns; may look at it on the way. */
export type AroundStatement = (
  statement: Database.Statement,
  method: StatementMethod,
  args: unknown[],
  proceed: () => unknown,
) => unknown;

/**
 * Every SQLite statement run in this thread while `work` runs goes through `around` (every
 * call of a prepared statement: transactions' BEGIN, COMMIT and savepoints, and pragmas,
 * which better-sqlite3 runs as statements, included). Wraps better-sqlite3's statement
 * methods for the duration: a function call more per statement.
 */
export async function aroundStatements<T>(
  around: AroundStatement,
  work: () => Promise<T>,
): Promise<T> {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    StatementMethod,
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const originals = pick(statement);
  for (const method of METHODS)
    statement[method] = function (this: Database.Statement, ...args: unknown[]) {
      return around(this, method, args, () => originals[method].apply(this, args));
    };
  try {
    return await work();
  } finally {
    for (const method of METHODS) statement[method] = originals[method];
  }
}

/**
 * Counts the SQLite statements run while `work` runs: a figure of the work per command that
 * the noise of a shared machine cannot move.
 */
export async function countingStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const result = await aroundStatements((_statement, _method, _args, proceed) => {
    statements++;
    return proceed();
  }, work);
  return { result, statements };
}

function pick(statement: Record<StatementMethod, (...args: unknown[]) => unknown>) {
  return Object.fromEntries(METHODS.map((m) => [m, statement[m]])) as typeof statement;
}
