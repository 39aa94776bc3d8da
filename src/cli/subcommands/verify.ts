import {
  verifyHistory,
  type HistoryBreak,
  type HistoryReport,
} from '../../audit/verify-history.js';
import { verifySealedHistory } from '../../audit/verify-sealed-history.js';
import { parseDigest, type SealHead } from '../../store/seal.js';
import { SqliteEventStore, type SqliteSynchronous } from '../../store/sqlite.js';
import type { CliCommand } from '../shared/command.js';
import { readsOnly, stringOption } from '../shared/context.js';
import { fileError } from '../shared/errors.js';
import { reachEventStoreDb } from '../../store/eventstoredb-reach.js';
import { requireEventStore } from '../shared/database-file.js';
import { UsageError } from '../shared/errors.js';
import { progressBar } from '../shared/output.js';

export const verify: CliCommand = {
  name: 'verify',
  summary:
    'Prove the stored history untouched: its sealed chains, revisions, positions and schemas (exit 0 only when intact)',
  usage: 'callstream verify [--store eventstoredb] [--digest] [--against POSITION:HASH]',
  options: {
    digest: {
      type: 'boolean',
      description: 'print only the head digest (position:hash) to keep outside the system',
    },
    against: {
      type: 'string',
      description:
        'also prove the history up to this digest unchanged and everything after it chained from it',
    },
  },
  async run(ctx) {
    // Only a callstream database: an empty or missing file is no history, never an intact one.
    if (!ctx.options.eventStoreDb) {
      try {
        requireEventStore(ctx.options.db);
      } catch (error) {
        throw fileError(error, ctx.options.db);
      }
    }
    const againstText = stringOption(ctx, 'against');
    let against: SealHead | undefined;
    try {
      against = againstText === undefined ? undefined : parseDigest(againstText);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    // The event store alone: no projection runs, so a damaged history cannot stall the check.
    const store = ctx.options.eventStoreDb
      ? await reachEventStoreDb(ctx.options.eventStoreDb)
      : openSqlite(ctx.options.db, ctx.options.synchronous, readsOnly(ctx.options));
    try {
      const options = {
        ...(against ? { against } : {}),
        onProgress: (checked: number, head: bigint | undefined) =>
          ctx.out.progress(
            head === undefined
              ? `verifying: ${checked} events`
              : `verifying ${progressBar(checked, Math.max(checked, Number(head)))}`,
          ),
      };
      // EventStoreDB: $all against its periodic seals (callstream seal).
      const report =
        store instanceof SqliteEventStore
          ? await verifyHistory(store, options)
          : await verifySealedHistory(store, options);
      ctx.out.done();
      if (ctx.values.digest === true) {
        if (!report.intact) {
          process.stderr.write(
            `callstream: the history is damaged (${report.breakCount} break(s)): no digest to keep; run callstream verify\n`,
          );
          return 1;
        }
        ctx.out.result(
          { digest: report.digest ?? null, events: report.events },
          () => report.digest ?? 'empty store: no digest yet',
        );
        return 0;
      }
      ctx.out.result(report, () => describe(report));
      return report.intact ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};

function describe(report: HistoryReport): string {
  const lines = [
    report.intact
      ? `Intact: ${report.events} events in ${report.streams} streams verified.`
      : `DAMAGED: ${report.breakCount} break(s) in ${report.events} events (${report.streams} streams).`,
  ];
  if (report.sealedByMigrationThrough !== undefined)
    lines.push(
      `Events through position ${report.sealedByMigrationThrough} predate sealing: sealed as one block when the file was migrated.`,
    );
  if (report.seals !== undefined)
    lines.push(
      `${report.seals} seal(s) of the global order; ${report.unsealedEvents ?? 0} event(s) after the last one are not sealed yet (callstream seal).`,
    );
  if (report.against)
    lines.push(
      report.against.holds
        ? `History up to ${report.against.digest} is unchanged and everything after it chains from it.`
        : `History does NOT match the digest ${report.against.digest}.`,
    );
  for (const found of report.breaks)
    lines.push(
      `  ${where(found)}: ${found.kind} — expected ${found.expected}, found ${found.found}`,
    );
  if (report.breakCount > report.breaks.length)
    lines.push(`  … and ${report.breakCount - report.breaks.length} more`);
  if (report.digest) lines.push(`Head digest: ${report.digest}`);
  return lines.join('\n');
}

function where(found: HistoryBreak): string {
  const parts = [];
  if (found.range) parts.push(`between positions ${found.range.from} and ${found.range.through}`);
  else if (found.position !== undefined) parts.push(`position ${found.position}`);
  if (found.streamName !== undefined) parts.push(`${found.streamName}@${found.revision}`);
  return parts.join(' ') || 'store';
}

/** The store to verify; a file that will not open is a usage error (exit 2), never a damaged history (exit 1). */
function openSqlite(
  file: string,
  synchronous: SqliteSynchronous,
  readOnly: boolean,
): SqliteEventStore {
  try {
    return new SqliteEventStore(file, { synchronous, readOnly });
  } catch (error) {
    throw fileError(error, file);
  }
}
