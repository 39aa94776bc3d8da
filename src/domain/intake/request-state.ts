import type { z } from 'zod';
import type { RequestEvent, requestEventSchemas } from './request-schemas.js';

type Received = z.output<(typeof requestEventSchemas)['RequestReceived']>;

/** Where a request stands: what inbox queries filter by. */
export const requestStatuses = ['waiting', 'refused', 'accepted', 'declined', 'joined'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export interface CallRequest extends Omit<Received, 'at'> {
  readonly status: RequestStatus;
  readonly refusal?: { readonly reason: string; readonly message: string };
  readonly call?: { readonly callId: string; readonly number: string };
  readonly declined?: string;
  /** Why the system's acceptance (at once, or of automatic work) could not take it (uncovered work, …): what the agent must decide. */
  readonly waitingFor?: { readonly code: string; readonly message: string };
}
export type RequestState = CallRequest | null;

/**
 * The status each request event puts its request in; the others leave it as it was. Said
 * here only: evolveRequest follows it, and so does the planner's index of alarm episodes,
 * which follows requests' statuses from their events without folding the requests.
 */
const statuses = {
  RequestReceived: 'waiting',
  RequestRefused: 'refused',
  RequestAccepted: 'accepted',
  RequestDeclined: 'declined',
  RequestJoinedCall: 'joined',
} as const satisfies Partial<Record<RequestEvent['type'], RequestStatus>>;

/** The same by event type, for an event of any type (a Map: no inherited keys answer). */
export const requestStatusAfter: ReadonlyMap<string, RequestStatus> = new Map(
  Object.entries(statuses),
);

export const initialRequestState = (): RequestState => null;

export function evolveRequest(state: RequestState, event: RequestEvent): RequestState {
  switch (event.type) {
    case 'RequestReceived': {
      const { at: _at, ...received } = event.data;
      return { ...received, status: statuses[event.type] };
    }
    case 'RequestRefused':
      return (
        state && {
          ...state,
          status: statuses[event.type],
          refusal: { reason: event.data.reason, message: event.data.message },
        }
      );
    case 'RequestAccepted':
      return (
        state && {
          ...state,
          status: statuses[event.type],
          call: { callId: event.data.callId, number: event.data.number },
        }
      );
    case 'RequestDeclined':
      return state && { ...state, status: statuses[event.type], declined: event.data.reason };
    case 'RequestJoinedCall':
      return (
        state && {
          ...state,
          status: statuses[event.type],
          call: { callId: event.data.callId, number: event.data.number },
        }
      );
    case 'RequestLeftWaiting':
      return (
        state && { ...state, waitingFor: { code: event.data.code, message: event.data.message } }
      );
    case 'CallReferenceNotFollowed':
      return state;
  }
}
