import type { CliCommand } from '../shared/command.js';
import { openExisting } from '../shared/context.js';
import { CorruptedHistory } from '../../store/errors.js';
import { canVerifyHistory } from '../../audit/store-history.js';

export const replay: CliCommand = {
  name: 'replay',
  summary:
    'Rebuild every projection from the events into fresh read models and check they equal the live ones',
  usage: 'callstream replay',
  options: {},
  async run(ctx) {
    const callstream = await openExisting(ctx.options, 'manual');
    try {
      // An audit replays only a history proven intact: a damaged one ends here, with where
      // (SQLite and memory by their chains, EventStoreDB by its periodic seals).
      if (canVerifyHistory(callstream.store)) {
        const history = await callstream.verifyHistory({ maxBreaks: 1 });
        const first = history.breaks[0];
        if (first)
          throw new CorruptedHistory(
            first.streamName,
            first.revision,
            `${first.kind} at position ${first.position}: expected ${first.expected}, found ${first.found}${history.breakCount > 1 ? ` (${history.breakCount} breaks in all)` : ''}`,
          );
      }
      await callstream.catchUp();
      const started = performance.now();
      const report = await callstream.verify();
      const seconds = (performance.now() - started) / 1000;
      // The process's high-water mark as the OS counts it (kB): a timer would miss the peaks, as
      // the rebuild keeps the event loop busy for long stretches.
      const peakRss = process.resourceUsage().maxRSS * 1024;
      const result = {
        events: report.events,
        seconds: Math.round(seconds * 1000) / 1000,
        eventsPerSecond: Math.round(report.events / Math.max(seconds, 1e-9)),
        peakRssMb: Math.round(peakRss / 1048576),
        documents: report.documents,
        identical: report.differing === 0,
        differing: report.differing,
        differences: report.differences.slice(0, 20),
      };
      ctx.out.result(result, () =>
        [
          `Replayed ${result.events} events in ${result.seconds} s (${result.eventsPerSecond} events/s), peak RSS ${result.peakRssMb} MB`,
          result.identical
            ? `Rebuilt read models are identical to the live ones (${result.documents} documents).`
            : `${report.differing} document(s) differ from the live read models, e.g.:\n${report.differences
                .slice(0, 5)
                .map((d) => `  ${d.projection}/${d.collection}/${d.key}`)
                .join('\n')}`,
        ].join('\n'),
      );
      return result.identical ? 0 : 1;
    } finally {
      await callstream.close();
    }
  },
};
