import { randomUUID } from 'node:crypto';
import type { CliCommand } from '../shared/command.js';
import { openExisting, stringOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { toJson } from '../shared/output.js';

const usage =
  'callstream person export PERSON | callstream person forget PERSON --reason TEXT [--actor ID:ROLE] [--command-id UUID]';

/** Only the data-protection role forgets: `ID` or `ID:privacy-officer`. */
function officerOf(actor = 'privacy-officer'): { id: string; role: 'privacy-officer' } {
  const [id, role = 'privacy-officer'] = actor.split(':');
  if (!id || role !== 'privacy-officer')
    throw new UsageError(
      '--actor is ID:privacy-officer: only the data-protection role forgets a person',
    );
  return { id, role };
}

/**
 * A data subject's rights (GDPR Art. 15 and 17): everything held about a person, decrypted,
 * as JSON; and forgetting them (their key destroyed, the erasure recorded). PERSON is a
 * subject id: requester:<call number or id>, sender:<request id>, contact:<customer>/<contact>,
 * customer:<customer id>, user:<user id> (docs/privacy.md).
 */
export const person: CliCommand = {
  name: 'person',
  summary:
    "A person's data: export everything held about them (JSON), or forget them (their values read [erased])",
  usage,
  actions: [
    {
      name: 'export',
      summary: 'Everything held about a person, decrypted, as JSON (GDPR Art. 15)',
      usage: 'callstream person export PERSON',
    },
    {
      name: 'forget',
      summary:
        'Forget a person: their key destroyed, the erasure recorded (GDPR Art. 17, role privacy-officer)',
      usage: 'callstream person forget PERSON --reason TEXT [--actor ID:ROLE]',
    },
  ],
  options: {
    reason: {
      type: 'string',
      description: 'forget: why, as a reference to the request (e.g. DSR-2026-001); it is kept',
    },
    actor: {
      type: 'string',
      description:
        'forget: the privacy officer who acts, ID:privacy-officer (default privacy-officer:privacy-officer)',
    },
    'command-id': {
      type: 'string',
      description: 'forget: the command id (a resend with the same id records nothing twice)',
    },
  },
  positionals: 2,
  async run(ctx) {
    const [action, who] = ctx.positionals;
    if ((action !== 'export' && action !== 'forget') || !who)
      throw new UsageError(`Usage: ${usage}`);
    const reason = stringOption(ctx, 'reason');
    if (action === 'forget' && !reason)
      throw new UsageError('Why? callstream person forget PERSON --reason DSR-2026-001');
    const callstream = await openExisting(ctx.options);
    try {
      if (action === 'export') {
        const exports = await callstream.exportPerson(who);
        // Always JSON: an access request's answer is handed over as data.
        process.stdout.write(`${toJson(exports)}\n`);
        return 0;
      }
      const result = await callstream.forgetPerson({
        commandId: stringOption(ctx, 'command-id') ?? randomUUID(),
        actor: officerOf(stringOption(ctx, 'actor')),
        person: who,
        reason: reason!,
      });
      const forgotten = result.events.length > 0 && !result.duplicate;
      ctx.out.result(
        {
          person: who,
          forgotten,
          alreadyForgotten: !forgotten,
          position: result.position.toString(),
        },
        () =>
          forgotten
            ? `Forgotten: ${who}. Their values now read [erased], in the read models too.`
            : `${who} was already forgotten: nothing changed.`,
      );
      return 0;
    } finally {
      await callstream.close();
    }
  },
};
