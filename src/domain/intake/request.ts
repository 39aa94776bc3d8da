import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { decideRequest, type SubmissionExtras } from './request-decide.js';
import type { RequestCommand, RequestEvent } from './request-schemas.js';
import { evolveRequest, initialRequestState, type RequestState } from './request-state.js';

export * from './conversation.js';
export * from './request-decide.js';
export * from './request-schemas.js';
export * from './request-state.js';

/**
 * The request's rules as one value: submitting and declining (decideRequest; accepting is
 * decided with its outcome, see decideAcceptance and leftWaiting) and the fold.
 */
export const requestDecider: Decider<
  RequestState,
  RequestCommand & SubmissionExtras,
  RequestEvent
> = {
  initialState: initialRequestState,
  decide: inTimeOrder(decideRequest, 'the request'),
  evolve: evolveRequest,
};
