import type { Document, DocumentCodec, Projection } from '../types.js';

/**
 * The codecs of the collections that declare one, for a read-model store: documents are
 * encoded before they are stored as JSON and decoded when read back.
 */
export class Codecs {
  private readonly byCollection = new Map<string, DocumentCodec>();

  register(projection: Projection): void {
    for (const [collection, definition] of Object.entries(projection.collections)) {
      if (definition.codec)
        this.byCollection.set(`${projection.name}/${collection}`, definition.codec);
    }
  }

  /** The JSON text a document is stored as. */
  encode(projection: string, collection: string, doc: Document): string {
    return JSON.stringify(this.stored(projection, collection, doc));
  }

  /** The value a document is stored as (its JSON text is this value's). */
  stored(projection: string, collection: string, doc: Document): Document {
    const codec = this.byCollection.get(`${projection}/${collection}`);
    return codec ? codec.encode(doc) : doc;
  }

  decode<T extends Document>(projection: string, collection: string, json: string): T {
    const codec = this.byCollection.get(`${projection}/${collection}`);
    const doc = JSON.parse(json) as Document;
    return (codec ? codec.decode(doc) : doc) as T;
  }
}
