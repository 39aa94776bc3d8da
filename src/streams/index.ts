export { CALLSTREAM_NAMESPACE, commandIdOf, nameUuid, eventIds } from './ids.js';
export { derivedId, encodeEvents, eventIdFor, type EnvelopeFields } from './encode.js';
export {
  loadStream,
  loadStreamNow,
  type Loaded,
  type LoadOptions,
  type ProcessedEvent,
} from './load.js';
export { CALL_STREAM_PREFIX, callStreamName, loadCall, type LoadedCall } from './call.js';
export { StreamCache } from './cache.js';
export { Lru } from '../streams/lru.js';
