import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatEml, type Mailbox } from '../domain/index.js';
import type { Notification, NotificationSender } from './outbox.js';

/** Who the messages are from when the caller names no one: replies come back to this address. */
export const DEFAULT_FROM: Mailbox = {
  name: 'Service desk',
  address: 'service@callstream.invalid',
};

/** `Name <address>` or `address`, as a command line gives it. */
export function parseMailbox(text: string): Mailbox | undefined {
  const named = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (named)
    return { ...(named[1] ? { name: named[1].replace(/^"|"$/g, '') } : {}), address: named[2]! };
  const bare = /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(text);
  return bare ? { address: bare[1]! } : undefined;
}

const safe = (part: string): string => part.replace(/[^A-Za-z0-9._-]/g, '_');

/** The file a notification goes to: its call (or request), its kind, its id; the same each time. */
export function fileNameOf(notification: Notification): string {
  const about = notification.number ?? `request-${notification.requestId ?? 'none'}`;
  const extension = notification.channel === 'email' ? 'eml' : 'sms.txt';
  return `${safe(about)}-${notification.kind}-${notification.id.slice(0, 8)}.${extension}`;
}

/**
 * Delivery into a directory: each e-mail notification as an RFC 5322 `.eml` file a mail
 * reader opens, each SMS as a `.sms.txt` file. A file is written whole (to a temporary name,
 * then renamed), so a crash never leaves half a message; a resend writes the same file again.
 */
export class EmlDirectory implements NotificationSender {
  readonly via = 'eml';
  readonly written: string[] = [];

  constructor(
    readonly directory: string,
    readonly from: Mailbox = DEFAULT_FROM,
  ) {
    mkdirSync(directory, { recursive: true });
  }

  async send(notification: Notification): Promise<void> {
    const file = join(this.directory, fileNameOf(notification));
    const content =
      notification.channel === 'email'
        ? formatEml({
            from: this.from,
            to: {
              address: notification.to,
              ...(notification.toName ? { name: notification.toName } : {}),
            },
            subject: notification.subject,
            date: notification.at,
            messageId: notification.messageId,
            references: notification.references,
            language: notification.language,
            headers: [
              [
                'X-Callstream-Template',
                `${notification.template.id} v${notification.template.version}`,
              ],
            ],
            text: notification.text,
          })
        : `To: ${notification.to}\n\n${notification.text}\n`;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content, 'utf8');
    renameSync(temporary, file);
    this.written.push(file);
  }
}
