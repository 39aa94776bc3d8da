import { DomainError, requestDecider, requestStreamName } from '../domain/index.js';
import type { CallCommands } from './call-commands.js';
import type { Handling } from './handle-command.js';
import { derivedEnvelope } from './idempotency.js';
import type { CommandResult } from './results.js';
import { derivedId, loadStream, type EnvelopeFields } from '../streams/index.js';

/**
 * The call an acceptance logged, when the request ended otherwise meanwhile (declined,
 * or joined to another call, by someone else between the call's logging and the
 * acceptance's record): cancelled, with the reason, so that no call stands for a request
 * that was turned down. Logging the call and recording the acceptance are two appends;
 * this is the second undone in the only way history allows. A call someone already took
 * further (the cancellation refused) is left as it is.
 */
export async function withdrawOrphan(
  intake: {
    readonly handling: Handling;
    readonly calls: CallCommands;
    readonly afterAppend: ((position: bigint) => Promise<void>) | undefined;
  },
  requestId: string,
  call: CommandResult,
  envelope: EnvelopeFields,
): Promise<void> {
  const request = await loadStream(
    intake.handling.streams.store,
    requestStreamName(requestId),
    requestDecider,
  );
  const status = request.state?.status;
  if (status !== 'declined' && status !== 'joined') return;
  const commandId = derivedId(envelope.commandId, 'withdraw-call');
  const reason = `Request ${requestId} was ${status} while this call was being logged for it`;
  try {
    const cancelled = await intake.calls.execute(
      {
        type: 'CancelCall',
        commandId,
        actor: envelope.actor,
        at: envelope.occurredAt,
        call: call.callId,
        reason,
      },
      derivedEnvelope(envelope, {
        commandId,
        commandType: 'CancelCall',
        causationId: envelope.commandId,
      }),
    );
    if (!cancelled.duplicate) await intake.afterAppend?.(cancelled.position);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}
