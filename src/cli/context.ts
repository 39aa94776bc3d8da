import { existsSync } from 'node:fs';
import { Callstream, type CallstreamOptions, type ProjectionMode } from '../callstream.js';
import type { SqliteSynchronous } from '../store/sqlite.js';
import { UsageError } from './errors.js';
import type { Output } from './output.js';

export interface GlobalOptions {
  readonly db: string;
  readonly json: boolean;
  readonly synchronous: SqliteSynchronous;
  /** Set when the events live in EventStoreDB; the read models stay in `db`. */
  readonly eventStoreDb?: string;
}

export interface CommandContext {
  readonly options: GlobalOptions;
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  readonly out: Output;
  readonly stdin: NodeJS.ReadableStream;
}

/** Opens the database a read command works on; a missing file is a usage error, not an empty answer. */
export async function openExisting(options: GlobalOptions, mode: ProjectionMode = 'inline'): Promise<Callstream> {
  if (!options.eventStoreDb && !existsSync(options.db)) {
    throw new UsageError(`No callstream database at ${options.db} (run "callstream demo" or "callstream exec" first, or pass --db FILE)`);
  }
  return openOrCreate(options, mode);
}

export function openOrCreate(options: GlobalOptions, mode: ProjectionMode = 'inline', extra: Partial<CallstreamOptions> = {}): Promise<Callstream> {
  return Callstream.open({
    ...extra,
    file: options.db,
    synchronous: options.synchronous,
    projectionMode: mode,
    ...(options.eventStoreDb ? { eventStoreDb: options.eventStoreDb } : {}),
  });
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberOption(ctx: CommandContext, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return value;
}

export function instantOption(ctx: CommandContext, name: string): Date | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) throw new UsageError(`--${name} must be an ISO-8601 instant such as 2026-11-23T09:00:00Z, not "${raw}"`);
  return value;
}
