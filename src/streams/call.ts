import { callDecider, type CallState } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { loadStream, type Loaded, type LoadOptions } from './load.js';

/** Each call is one stream: call-<callId>. */
export const CALL_STREAM_PREFIX = 'call-';
export const callStreamName = (callId: string): string => `${CALL_STREAM_PREFIX}${callId}`;

export type LoadedCall = Loaded<CallState>;

/** Rehydrates a call (see loadStream). */
export const loadCall = (
  store: EventStore,
  callId: string,
  options: LoadOptions = {},
  known?: LoadedCall,
): Promise<LoadedCall> => loadStream(store, callStreamName(callId), callDecider, options, known);
