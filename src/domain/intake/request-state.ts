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
export const initialRequestState = (): RequestState => null;

export function evolveRequest(state: RequestState, event: RequestEvent): RequestState {
  switch (event.type) {
    case 'RequestReceived': {
      const { at: _at, ...received } = event.data;
      return { ...received, status: 'waiting' };
    }
    case 'RequestRefused':
      return (
        state && {
          ...state,
          status: 'refused',
          refusal: { reason: event.data.reason, message: event.data.message },
        }
      );
    case 'RequestAccepted':
      return (
        state && {
          ...state,
          status: 'accepted',
          call: { callId: event.data.callId, number: event.data.number },
        }
      );
    case 'RequestDeclined':
      return state && { ...state, status: 'declined', declined: event.data.reason };
    case 'RequestJoinedCall':
      return (
        state && {
          ...state,
          status: 'joined',
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
