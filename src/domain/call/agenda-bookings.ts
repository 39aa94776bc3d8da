import { entryOf } from '../shared/objects.js';
import type { AgendaEvent } from '../agenda/schemas.js';
import type { CallEvent } from './events.js';
import type { Call } from './state.js';

/**
 * The agenda's side of a call's decision: a visit scheduled for this engineer is booked, a
 * rescheduled one moved (with the override the call recorded, if any), a cancelled one
 * released. Whether it may be booked was decided with the call (call/transfers.ts).
 */
export function bookingsFor(
  engineerId: string,
  call: Call,
  events: readonly CallEvent[],
): AgendaEvent[] {
  const booked: AgendaEvent[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'OnSiteVisitScheduled': {
        const {
          at,
          transferId,
          engineer,
          plannedStart: start,
          plannedEnd: end,
          override,
        } = event.data;
        if (engineer !== engineerId) break;
        booked.push({
          type: 'VisitBooked',
          data: withOverride(
            { at, engineerId, callNumber: call.number, callId: call.id, transferId, start, end },
            override,
          ),
        });
        break;
      }
      case 'OnSiteVisitRescheduled': {
        const { at, transferId, plannedStart: start, plannedEnd: end, override } = event.data;
        if (engineerOf(call, transferId) !== engineerId) break;
        booked.push({
          type: 'VisitMoved',
          data: withOverride({ at, callId: call.id, transferId, start, end }, override),
        });
        break;
      }
      case 'TransferCancelled':
        if (engineerOf(call, event.data.transferId) !== engineerId) break;
        booked.push({
          type: 'VisitReleased',
          data: { at: event.data.at, callId: call.id, transferId: event.data.transferId },
        });
        break;
      default:
        break;
    }
  }
  return booked;
}

function withOverride<T extends object, O>(data: T, override: O | undefined): T & { override?: O } {
  return override === undefined ? data : { ...data, override };
}

/** The engineer of a call's on-site visit, if the transfer is one. */
export function engineerOf(call: Call, transferId: string): string | undefined {
  const transfer = entryOf(call.transfers, transferId);
  return transfer?.kind === 'on-site' ? transfer.engineer : undefined;
}
