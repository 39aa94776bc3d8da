import { numberAttachments, type Attachment, type AttachmentInput } from '../shared/attachments.js';
import { DomainError } from '../shared/errors.js';
import { entryOf, strip } from '../shared/objects.js';
import type { Actor } from '../shared/schema.js';
import type { CallCommandOf } from './commands.js';
import type { CallEvent } from './events.js';
import type { Call, CallAttachment, AttachmentSource } from './state.js';

/**
 * Files on a call, by reference (issue 20): attached with the fact they belong to (the call's
 * logging, a follow-up, a diagnosis, a visit report) or on their own later. A reference is
 * never removed from the history: a wrong or sensitive file is withdrawn (the call no longer
 * offers it) or made internal, each with who and when. docs/attachments.md.
 */
export const attachmentCommands = [
  'AddAttachment',
  'ChangeAttachmentVisibility',
  'WithdrawAttachment',
] as const;

/** The ids the call's new attachments get, in order after those it has. */
export function newAttachments(
  call: Call | undefined,
  given: readonly AttachmentInput[] | undefined,
  actor: Actor,
): Attachment[] | undefined {
  return numberAttachments(
    given,
    Object.keys(call?.attachments ?? {}).length,
    actor.role === 'customer',
  );
}

function attachmentOf(call: Call, attachmentId: string): CallAttachment {
  const attachment = call.attachments && entryOf(call.attachments, attachmentId);
  if (!attachment)
    throw new DomainError(
      'UnknownAttachment',
      `Call ${call.number} has no attachment ${attachmentId}`,
      { attachmentId },
    );
  if (attachment.withdrawn)
    throw new DomainError(
      'AttachmentWithdrawn',
      `Attachment ${attachmentId} of call ${call.number} was withdrawn on ${attachment.withdrawn.at.toISOString()}: ${attachment.withdrawn.reason}`,
      { attachmentId },
    );
  return attachment;
}

export function decideAttachment(
  command: CallCommandOf<(typeof attachmentCommands)[number]>,
  call: Call,
): CallEvent[] {
  const { at, actor } = command;
  switch (command.type) {
    case 'AddAttachment': {
      // The same bytes at the same place, still offered: attaching it again adds nothing.
      const { sha256, uri } = command.attachment;
      const same = Object.entries(call.attachments ?? {}).find(
        ([, file]) => !file.withdrawn && file.sha256 === sha256 && file.uri === uri,
      );
      if (same)
        throw new DomainError(
          'AlreadyAttached',
          `Call ${call.number} already has this file as ${same[0]} (${same[1].fileName})`,
          { attachmentId: same[0] },
        );
      return [
        {
          type: 'AttachmentAdded',
          data: {
            at,
            by: actor.id,
            attachment: newAttachments(call, [command.attachment], actor)![0]!,
          },
        },
      ];
    }
    case 'ChangeAttachmentVisibility': {
      const attachment = attachmentOf(call, command.attachmentId);
      if (attachment.customerVisible === command.customerVisible)
        throw new DomainError(
          'NothingToChange',
          `Attachment ${command.attachmentId} of call ${call.number} is already ${command.customerVisible ? 'visible to the customer' : 'internal'}`,
        );
      return [
        {
          type: 'AttachmentVisibilityChanged',
          data: strip({
            at,
            by: actor.id,
            attachmentId: command.attachmentId,
            customerVisible: command.customerVisible,
            reason: command.reason,
          }),
        },
      ];
    }
    case 'WithdrawAttachment':
      attachmentOf(call, command.attachmentId);
      return [
        {
          type: 'AttachmentWithdrawn',
          data: { at, by: actor.id, attachmentId: command.attachmentId, reason: command.reason },
        },
      ];
  }
}

/** The call with attachments recorded by an event of its own (or with another fact). */
export function attachmentsAdded(
  call: Call,
  attachments: readonly Attachment[] | undefined,
  at: Date,
  source: AttachmentSource,
  extra: { readonly by?: string; readonly sourceId?: string } = {},
): Call {
  if (!attachments || attachments.length === 0) return call;
  const next: Record<string, CallAttachment> = { ...call.attachments };
  for (const { attachmentId, ...reference } of attachments)
    next[attachmentId] = strip({ at, ...extra, source, ...reference });
  return { ...call, attachments: next };
}

function changed(call: Call, attachmentId: string, change: Partial<CallAttachment>): Call {
  const attachment = call.attachments && entryOf(call.attachments, attachmentId);
  if (!attachment) return call;
  return {
    ...call,
    attachments: { ...call.attachments, [attachmentId]: { ...attachment, ...change } },
  };
}

export function evolveAttachment(
  call: Call,
  event: Extract<
    CallEvent,
    { type: 'AttachmentAdded' | 'AttachmentVisibilityChanged' | 'AttachmentWithdrawn' }
  >,
): Call {
  switch (event.type) {
    case 'AttachmentAdded': {
      const { at, by, attachment } = event.data;
      return attachmentsAdded(call, [attachment], at, 'call', { by });
    }
    case 'AttachmentVisibilityChanged':
      return changed(call, event.data.attachmentId, {
        customerVisible: event.data.customerVisible,
      });
    case 'AttachmentWithdrawn': {
      const { at, by, reason, attachmentId } = event.data;
      return changed(call, attachmentId, { withdrawn: { at, by, reason } });
    }
  }
}

/** The attachments a customer may see: visible to them and not withdrawn. */
export function customerAttachments(call: Call): Array<[string, CallAttachment]> {
  return Object.entries(call.attachments ?? {}).filter(
    ([, attachment]) => attachment.customerVisible && !attachment.withdrawn,
  );
}
