import {
  decideAcceptance,
  DomainError,
  requestDecider,
  requestStreamName,
  type RequestRefused,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import type { DecisionContext } from './decision-context.js';
import type { Handling } from './handle-command.js';
import { ensureSameCommand } from './idempotency.js';
import type { CommandInputOf } from './schemas.js';
import { derivedId, encodeEvents, loadStream, type EnvelopeFields } from '../streams/index.js';

/**
 * A LogCall the customer validation refused is kept as a refused request (nothing that
 * arrived is lost), named by the LogCall's command id: sent again, it is refused again as
 * recorded then, without a second request.
 */

/** A LogCall refused before is refused again, as recorded then. */
export async function rethrowRecordedRefusal(
  handling: Handling,
  command: CommandInputOf<'LogCall'>,
  envelope: EnvelopeFields,
): Promise<void> {
  const requestId = derivedId(command.commandId, 'request');
  const loaded = await loadStream(
    handling.streams.store,
    requestStreamName(requestId),
    requestDecider,
    { commandId: command.commandId },
  );
  const recorded = loaded.state;
  if (!recorded) return;
  if (loaded.processed) ensureSameCommand(command.commandId, loaded.processed, envelope);
  // The request may have moved on since (an agent accepted or declined it): the LogCall stays refused.
  const message =
    recorded.refusal?.message ??
    `This LogCall was refused and kept as request ${requestId}, now ${recorded.status}`;
  throw new DomainError('RequestRefused', message, {
    requestId,
    ...(recorded.refusal ? { reason: recorded.refusal.reason } : {}),
  });
}

/** Records the refused LogCall as a request received and refused at once; answers its id. */
export async function recordRefusedLogCall(
  handling: Handling,
  context: DecisionContext,
  afterAppend: ((position: bigint) => Promise<void>) | undefined,
  command: CommandInputOf<'LogCall'>,
  envelope: EnvelopeFields,
  refusal: RequestRefused,
): Promise<string> {
  const requestId = derivedId(command.commandId, 'request');
  const stream = requestStreamName(requestId);
  const { reporter, subject, description, item } = command;
  const customer = subject.kind === 'customer' ? subject : undefined;
  const received = requestDecider.decide(
    {
      type: 'SubmitRequest',
      at: envelope.occurredAt,
      actor: envelope.actor,
      requestId,
      channel: command.intake.channel,
      sender: strip({
        name: reporter.name,
        email: reporter.email,
        phone: reporter.phone,
        account: customer?.customerId,
      }),
      summary: description.slice(0, 200),
      body: description,
      // What accepting it later judges and logs: the call as it was logged.
      ...strip({
        service: command.service,
        siteId: customer?.siteId,
        item: item.item,
        serialNumber: item.serialNumber,
        attachments: command.attachments,
      }),
      receivedAt: command.reportedAt ?? envelope.occurredAt,
      inbox: await context.inboxFor(command.intake.channel),
      refusedLogCall: strip({ customerId: customer?.customerId }),
    },
    requestDecider.initialState(),
  );
  const refused = decideAcceptance(
    { at: envelope.occurredAt, actor: envelope.actor, requestId },
    requestDecider.evolve(requestDecider.initialState(), received[0]!),
    { refused: refusal },
  );
  const appended = await handling.streams.store.appendToStream(
    stream,
    encodeEvents([...received, ...refused], stream, envelope),
    { expectedRevision: 'no_stream' },
  );
  await afterAppend?.(appended.position);
  return requestId;
}
