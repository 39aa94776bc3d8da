import Database from 'better-sqlite3';

const METHODS = ['run', 'get', 'all', 'iterate'] as const;

/** A statement run: a prepared statement's method, or a connection's pragma. */
export interface StatementRun {
  readonly database: Database.Database;
  readonly source: string;
  readonly method: (typeof METHODS)[number] | 'pragma';
  readonly args: readonly unknown[];
}

/** Runs the statement (`proceed`) and returns what it returns; may look at it on the way. */
export type AroundStatement = (run: StatementRun, proceed: () => unknown) => unknown;

/**
 * Every SQLite statement run in this thread while `work` runs goes through `around` (every
 * call of a prepared statement, transactions' BEGIN, COMMIT and savepoints included, and
 * pragmas). Wraps better-sqlite3's statement methods for the duration: a function call more
 * per statement.
 */
export async function aroundStatements<T>(
  around: AroundStatement,
  work: () => Promise<T>,
): Promise<T> {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const database = Database.prototype as unknown as { pragma: (...args: unknown[]) => unknown };
  const originals = { pragma: database.pragma, ...pick(statement) };
  for (const method of METHODS)
    statement[method] = function (this: Database.Statement, ...args: unknown[]) {
      const run = { database: this.database, source: this.source, method, args };
      return around(run, () => originals[method].apply(this, args));
    };
  database.pragma = function (this: Database.Database, ...args: unknown[]) {
    const run = { database: this, source: String(args[0]), method: 'pragma' as const, args };
    return around(run, () => originals.pragma.apply(this, args));
  };
  try {
    return await work();
  } finally {
    for (const method of METHODS) statement[method] = originals[method];
    database.pragma = originals.pragma;
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
  const result = await aroundStatements((_, proceed) => {
    statements++;
    return proceed();
  }, work);
  return { result, statements };
}

function pick(statement: Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>) {
  return Object.fromEntries(METHODS.map((m) => [m, statement[m]])) as typeof statement;
}
