import { decodeStored } from '../domain/envelope.js';
import { quickDecodable } from '../domain/quick-decodable.js';
import { parseSealedAsErased } from '../privacy/sealed.js';
import { firstLine } from './history-report.js';

/**
 * Whether stored events decode by their schema version, asked in position order. Sealed
 * personal values decode as erased: an audit checks the shape, and needs no key.
 *
 * The events of one command usually share their metadata text, so the last one parsed is
 * kept: the same text parses to the same value, and only its parse is saved (every check
 * still runs on every event).
 */
export class EventDecoding {
  private metadataText: string | undefined;
  private metadata: unknown;

  /** Why the event does not decode (the first line of strict decoding's error), or undefined when it does. */
  undecodable(type: string, data: string, metadata: string): string | undefined {
    try {
      if (metadata !== this.metadataText) {
        this.metadataText = undefined; // a text that fails to parse is not kept
        this.metadata = parseSealedAsErased(metadata);
        this.metadataText = metadata;
      }
      // The quick check accepts only what strict decoding accepts; anything else is decoded
      // strictly (from fresh values), for the verdict and its message.
      if (quickDecodable({ type, data: parseSealedAsErased(data), metadata: this.metadata }))
        return undefined;
      decodeStored({
        type,
        data: parseSealedAsErased(data),
        metadata: parseSealedAsErased(metadata),
      });
      return undefined;
    } catch (error) {
      return firstLine(error);
    }
  }
}
