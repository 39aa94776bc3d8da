import { Callstream, type CallstreamOptions, type ProjectionMode } from '../../callstream.js';
import { role as roleSchema, type Actor } from '../../domain/index.js';
import { instant } from '../../domain/shared/schema.js';
import { storedReadModels } from '../../projections/read-models/private.js';
import { SqliteReadModelStore } from '../../projections/read-models/sqlite.js';
import { reachEventStoreDb } from '../../store/eventstoredb-reach.js';
import type { SqliteSynchronous } from '../../store/sqlite.js';
import { markAsCallstream, type SqliteFileKind } from '../../store/sqlite-file.js';
import { canWriteDatabase, requireDatabase, requireDatabaseOrNew } from './database-file.js';
import { fileError, UsageError } from './errors.js';
import type { Output } from './output.js';

export interface GlobalOptions {
  readonly db: string;
  readonly json: boolean;
  readonly synchronous: SqliteSynchronous;
  /** Set when the events live in EventStoreDB; the read models stay in `db`. */
  readonly eventStoreDb?: string;
  /** --read-only: the file is read as it is and never written (see openExisting). */
  readonly readOnly?: boolean;
}

/**
 * One run of a subcommand: the command line as parsed, and where it reads and writes.
 * (The domain's CommandContext is another thing: when a command is issued, and by whom.)
 */
export interface Invocation {
  readonly options: GlobalOptions;
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  readonly out: Output;
  readonly stdin: NodeJS.ReadableStream;
}

/** How far ahead of the clock the CLI takes a command's instant. */
export const CLI_MAX_AHEAD_MS = 15 * 60_000;

/** Opens the database a read command works on: only an existing callstream database, never creating one. */
export async function openExisting(
  options: GlobalOptions,
  mode: ProjectionMode = 'inline',
  extra: Partial<CallstreamOptions> = {},
): Promise<Callstream> {
  // With EventStoreDB the file holds only read models, rebuilt from the store when new.
  if (options.eventStoreDb) {
    if (options.readOnly) throw new UsageError(READ_ONLY_SQLITE);
    return openOrCreate(options, mode, extra);
  }
  requireDatabase(options.db);
  return open(
    options,
    mode,
    readsOnly(options) ? { ...extra, readOnly: true } : extra,
    'callstream',
  );
}

/** --read-only, or a file this user may not write (an auditor's copy, a snapshot): read as it is, not refused. */
export function readsOnly(options: GlobalOptions): boolean {
  return options.readOnly === true || !canWriteDatabase(options.db);
}

const READ_ONLY_SQLITE =
  '--read-only reads a SQLite file (--store sqlite): read models beside EventStoreDB are caught up as they are read';

/** Opens the database a write command works on, creating it in a new or empty file. */
export async function openOrCreate(
  options: GlobalOptions,
  mode: ProjectionMode = 'inline',
  extra: Partial<CallstreamOptions> = {},
): Promise<Callstream> {
  if (options.readOnly)
    throw new UsageError(
      options.eventStoreDb
        ? READ_ONLY_SQLITE
        : '--read-only: this command records what it does, and a file opened for reading only is never written',
    );
  const kind = requireDatabaseOrNew(options.db);
  if (!options.eventStoreDb) return open(options, mode, extra, kind);
  // Reach the server before creating anything: a failed run leaves no --db file behind.
  const store = await reachEventStoreDb(options.eventStoreDb);
  try {
    return await open(options, mode, { ...extra, store }, kind);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

async function open(
  options: GlobalOptions,
  mode: ProjectionMode,
  extra: Partial<CallstreamOptions>,
  kind: SqliteFileKind,
): Promise<Callstream> {
  let callstream: Callstream;
  try {
    callstream = await Callstream.open({
      // A command or an --as-of typed far ahead (a cron job's typo) is refused, not recorded to
      // lock its calls until then; devices' clocks drift, so a quarter of an hour is still now.
      // The demo, which runs on a clock of its own, says otherwise.
      maxAheadOfClockMs: CLI_MAX_AHEAD_MS,
      ...extra,
      file: options.db,
      synchronous: options.synchronous,
      projectionMode: mode,
      ...(options.eventStoreDb ? { eventStoreDb: options.eventStoreDb } : {}),
    });
  } catch (error) {
    throw fileError(error, options.db);
  }
  // A read-model file made for EventStoreDB events is marked as callstream's too (the event store marks its own).
  const readModels = storedReadModels(callstream.readModels);
  if (kind !== 'callstream' && readModels instanceof SqliteReadModelStore)
    markAsCallstream(readModels.db);
  return callstream;
}

export function stringOption(ctx: Invocation, name: string): string | undefined {
  const value = ctx.values[name];
  if (typeof value !== 'string') return undefined;
  // `--engineer ''` (an unset shell variable) would match nothing, silently: a usage error.
  if (value.trim() === '') throw new UsageError(`--${name} needs a value, not an empty one`);
  return value;
}

/** An option the subcommand cannot do without. */
export function requiredOption(ctx: Invocation, name: string): string {
  const value = stringOption(ctx, name);
  if (value === undefined) throw new UsageError(`--${name} is required here`);
  return value;
}

/** Who acts, from --actor ID:ROLE, else the subcommand's own actor. */
export function actorOption(ctx: Invocation, fallback: string): Actor {
  const [id, role] = (stringOption(ctx, 'actor') ?? fallback).split(':');
  const parsed = roleSchema.safeParse(role);
  if (!id || !parsed.success) throw new UsageError(`--actor is ID:ROLE, e.g. ${fallback}`);
  return { id, role: parsed.data };
}

/** A number that need not be whole (a meter's value): any finite number. */
export function finiteNumberOption(ctx: Invocation, name: string): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, not "${raw}"`);
  return value;
}

export function numberOption(
  ctx: Invocation,
  name: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return fallback;
  // Digits only: Number('') is 0, Number('0x10') 16 and Number('1e2') 100, none of them meant.
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return value;
}

/**
 * An instant option (--as-of, --until, --from, …), read as commands read instants: ISO-8601
 * with a zone (Z or an offset), never in the machine's local zone, within callstream's range.
 */
export function instantOption(ctx: Invocation, name: string): Date | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const parsed = instant.safeParse(raw);
  if (!parsed.success) {
    const zoneless = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(raw.trim());
    const why = zoneless
      ? ' (add the zone: Z for UTC, or an offset such as +01:00)'
      : ` (${parsed.error.issues[0]?.message ?? 'not an instant'})`;
    throw new UsageError(
      `--${name} must be an ISO-8601 instant with a zone, such as 2026-11-23T09:00:00Z, not "${raw}"${why}`,
    );
  }
  return parsed.data;
}

/**
 * The `--utc` option of commands that print times: the organisation's zone is the default.
 * `actions` (`run/due`) names the actions that take it, where the others print no time.
 */
export const utcOptionOf = (actions?: string) =>
  ({
    utc: {
      type: 'boolean',
      description: `${actions ? `${actions}: ` : ''}print times in UTC (default: the organisation’s zone)`,
    },
  }) as const;

export const utcOption = utcOptionOf();

/** The zone people read a command's times in: the organisation's (SetTimeZone; UTC until set), or UTC with --utc. */
export async function displayZone(ctx: Invocation, callstream: Callstream): Promise<string> {
  return ctx.values.utc === true ? 'UTC' : callstream.pipeline.timeZone();
}
