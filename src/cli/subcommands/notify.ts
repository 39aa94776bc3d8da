import { resolve } from 'node:path';
import { EmlDirectory, parseMailbox, DEFAULT_FROM } from '../../commands/eml-directory.js';
import type { Mailbox } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';
import { openExisting, stringOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';

const usage = 'callstream notify deliver --to-dir DIR [--from "Name <address>"]';

/**
 * Customer notifications (docs/notifications.md): queues what the history calls for, then
 * delivers every message not delivered yet into a directory, as .eml files a mail reader
 * opens (SMS as .sms.txt), recording each delivery.
 */
export const notify: CliCommand = {
  name: 'notify',
  summary: 'Customer notifications: deliver the pending ones as .eml files into a directory',
  usage,
  actions: [
    {
      name: 'deliver',
      summary:
        'Queue what is due, then write each pending message as an RFC 5322 .eml file (SMS: .sms.txt) and record its delivery',
      usage,
    },
  ],
  options: {
    'to-dir': {
      type: 'string',
      description: 'deliver: the directory the messages are written to (created if missing)',
    },
    from: {
      type: 'string',
      valueName: 'MAILBOX',
      description: `deliver: the From mailbox, where replies go (default "${DEFAULT_FROM.name} <${DEFAULT_FROM.address}>")`,
    },
  },
  positionals: 1,
  async run(ctx) {
    const [action] = ctx.positionals;
    if (action !== 'deliver') throw new UsageError(`usage: ${usage}`);
    const directory = stringOption(ctx, 'to-dir');
    if (!directory) throw new UsageError('notify deliver needs --to-dir DIR');
    const fromText = stringOption(ctx, 'from');
    const from = fromText === undefined ? DEFAULT_FROM : parseMailbox(fromText);
    if (!from) throw new UsageError(`--from takes "Name <address>" or an address, not ${fromText}`);
    const sender = deliveryFolder(directory, from);
    const callstream = await openExisting(ctx.options, 'inline', { notifications: sender });
    try {
      const report = await callstream.deliverNotifications();
      const result = {
        directory: sender.directory,
        delivered: sender.written.length,
        failed: report.failed,
        files: sender.written,
      };
      ctx.out.result(result, () =>
        [
          `${result.delivered} notification${result.delivered === 1 ? '' : 's'} written to ${result.directory}`,
          ...(report.failed > 0 ? ['1 failed: run again to retry it and those after it'] : []),
        ].join('\n'),
      );
      if (report.failed > 0) return 1;
    } finally {
      await callstream.close();
    }
  },
};

/** The folder --to-dir names, created if missing; a path that cannot be one said in the user's words. */
function deliveryFolder(directory: string, from: Mailbox): EmlDirectory {
  try {
    return new EmlDirectory(resolve(directory), from);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // mkdir -p meets a file where the folder (EEXIST) or one above it (ENOTDIR) would be.
    if (code === 'EEXIST') throw new UsageError(`--to-dir ${directory} is a file, not a folder`);
    if (code === 'ENOTDIR')
      throw new UsageError(
        `--to-dir ${directory} is not a valid path: a part of it is a file, not a folder`,
      );
    throw error;
  }
}
