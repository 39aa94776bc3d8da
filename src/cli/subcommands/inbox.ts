import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  numberOption,
  openExisting,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { channels, requestStatuses, SHARED_INBOX } from '../../domain/index.js';
import { countInbox, type InboxEntry } from '../../projections/requests.js';
import { countedPage, countOnly, cutNote, table, time, TOTAL_CAP } from '../shared/output.js';

// The library's own list: a status it knows (joined: the request became a follow-up of an open call) is one the CLI takes.
const statuses = requestStatuses;
const inboxes: readonly string[] = [SHARED_INBOX, ...channels];

export const inbox: CliCommand = {
  name: 'inbox',
  summary: 'Requests waiting in the inboxes (or, by status, what became of them)',
  usage:
    'callstream inbox [--inbox NAME] [--status waiting,refused,accepted,declined,joined] [--limit N] [--utc]',
  options: {
    inbox: {
      type: 'string',
      description: 'one inbox: shared, or a channel when there is one inbox per channel',
    },
    status: {
      type: 'string',
      description: 'statuses (default waiting,refused: both wait for someone)',
    },
    limit: { type: 'string', description: 'at most N requests (default 100; 0: only count them)' },
    ...utcOption,
  },
  async run(ctx) {
    const status = stringOption(ctx, 'status')?.split(',') as
      Array<(typeof statuses)[number]> | undefined;
    if (status?.some((s) => !statuses.includes(s)))
      throw new UsageError(`--status takes ${statuses.join(', ')}`);
    const inboxName = stringOption(ctx, 'inbox');
    // A misspelt inbox would show "Nothing waits." while requests wait in the real one.
    if (inboxName !== undefined && !inboxes.includes(inboxName))
      throw new UsageError(`--inbox takes ${SHARED_INBOX} or a channel: ${channels.join(', ')}`);
    const callstream = await openExisting(ctx.options);
    try {
      const limit = numberOption(ctx, 'limit', 100);
      const query = { ...(inboxName ? { inbox: inboxName } : {}), ...(status ? { status } : {}) };
      const shown = countedPage(
        callstream.readModels,
        limit,
        () => callstream.inbox({ ...query, limit }),
        () => countInbox(callstream.readModels, query, TOTAL_CAP),
        TOTAL_CAP,
      );
      const entries = shown.rows;
      const zone = await displayZone(ctx, callstream);
      ctx.out.result(shown, () =>
        shown.total === 0
          ? status
            ? `No ${status.join(' or ')} request.`
            : 'Nothing waits.'
          : entries.length === 0
            ? countOnly(shown, 'requests')
            : table(
                ['Request', 'Inbox', 'Received', 'From', 'Summary', 'Status'],
                entries.map((e) => [
                  e.requestId,
                  e.inbox,
                  time(e.receivedAt, zone),
                  e.sender.email ?? e.sender.phone ?? e.sender.account,
                  e.summary.slice(0, 40),
                  statusText(e),
                ]),
              ) + cutNote(shown, 'requests'),
      );
    } finally {
      await callstream.close();
    }
  },
};

/** What became of a request: a refusal stays on the request, so it is shown only while it is the last word. */
function statusText(entry: InboxEntry): string {
  switch (entry.status) {
    case 'accepted':
      return `call ${entry.callNumber}`;
    case 'joined':
      return `follow-up on ${entry.callNumber}`;
    case 'declined':
      return `declined: ${(entry.declined ?? '').slice(0, 60)}`;
    case 'refused':
      return `refused: ${entry.refusal?.reason}`;
    case 'waiting':
      return entry.waitingFor ? `waiting: ${entry.waitingFor.code}` : 'waiting';
  }
}
