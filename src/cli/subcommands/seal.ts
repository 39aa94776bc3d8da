import { sealHistory, type SealHistoryReport } from '../../audit/seal-history.js';
import type { CliCommand } from '../shared/command.js';
import { actorOption } from '../shared/context.js';
import { reachEventStoreDb } from '../../store/eventstoredb-reach.js';

export const seal: CliCommand = {
  name: 'seal',
  summary:
    'Seal the global order of an EventStoreDB store since the last seal (run it from cron; SQLite chains every append already)',
  usage: 'callstream seal --store eventstoredb [--actor ID:ROLE]',
  options: {
    actor: { type: 'string', description: 'who seals, ID:ROLE (default history-sealer:system)' },
  },
  details: [
    'Appends a HistorySealed event to the stream callstream-seals: the global chain over the',
    'events of $all since the last seal, their count and an order-free digest. callstream verify',
    'compares every seal with $all, so a deleted stream, a cut stream tail or a reordering inside',
    'a sealed range is found. Events after the last seal are proven by the next run: run it as',
    'often as you can afford to leave events unproven (every 5 to 15 minutes; see docs/stores.md).',
    'Two runs at once leave one seal per range. On SQLite (the default store) there is nothing to',
    'seal: every append is chained as it is stored, and this says so (exit 0).',
  ].join('\n'),
  async run(ctx) {
    if (!ctx.options.eventStoreDb) {
      ctx.out.result(
        { sealed: false, chainedOnAppend: true },
        () =>
          'Nothing to seal: the SQLite store chains every append into its global chain as it stores it (callstream verify checks it).',
      );
      return 0;
    }
    const store = await reachEventStoreDb(ctx.options.eventStoreDb);
    try {
      const report = await sealHistory(store, {
        actor: actorOption(ctx, 'history-sealer:system'),
      });
      ctx.out.result(report, () => describe(report));
      return 0;
    } finally {
      await store.close();
    }
  },
};

function describe({ seal, previous, raced }: SealHistoryReport): string {
  const lines: string[] = [];
  if (raced) lines.push('Another run sealed first; this one went on from its seal.');
  if (seal)
    lines.push(
      `Sealed ${seal.events} events, positions ${seal.from}–${seal.through} (seal ${seal.revision}), chain ${seal.chain}.`,
    );
  else if (previous)
    lines.push(
      `Nothing new to seal: seal ${previous.revision} covers everything through position ${previous.through}.`,
    );
  else lines.push('Nothing to seal: the store holds no events yet.');
  return lines.join('\n');
}
