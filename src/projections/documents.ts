import type { Document, Documents, EventAnchor, ProjectionBatch, ReadModelStore } from './types.js';

/** A document put lazily: made when read or when the batch commits, whichever comes first. */
class Lazy {
  constructor(readonly make: () => Document) {}
}

type Pending = Document | null | Lazy;

/**
 * A projection's view of its documents during one batch: reads see the batch's own
 * writes first, and nothing reaches the store until the batch commits as a whole.
 */
export class BatchDocuments implements Documents {
  private readonly writes = new Map<string, Map<string, Pending>>();

  constructor(
    private readonly store: ReadModelStore,
    private readonly projection: string,
  ) {}

  get<T extends Document>(collection: string, key: string): T | undefined {
    const docs = this.writes.get(collection);
    const pending = docs?.get(key);
    if (pending === undefined) return this.store.get<T>(this.projection, collection, key);
    if (pending instanceof Lazy) {
      const made = pending.make();
      docs!.set(key, made);
      return made as T;
    }
    return (pending ?? undefined) as T | undefined;
  }

  put(collection: string, key: string, document: Document): void {
    this.collection(collection).set(key, document);
  }

  putLazy(collection: string, key: string, make: () => Document): void {
    this.collection(collection).set(key, new Lazy(make));
  }

  delete(collection: string, key: string): void {
    this.collection(collection).set(key, null);
  }

  get size(): number {
    let n = 0;
    for (const c of this.writes.values()) n += c.size;
    return n;
  }

  batch(
    version: number,
    from: bigint | undefined,
    position: bigint,
    anchor?: EventAnchor,
  ): ProjectionBatch {
    // Setting existing keys keeps each map's order: documents commit in the order first written.
    for (const docs of this.writes.values()) {
      for (const [key, pending] of docs) if (pending instanceof Lazy) docs.set(key, pending.make());
    }
    return {
      projection: this.projection,
      version,
      from,
      position,
      ...(anchor ? { anchor } : {}),
      writes: this.writes as Map<string, Map<string, Document | null>>,
    };
  }

  private collection(name: string): Map<string, Pending> {
    let c = this.writes.get(name);
    if (!c) this.writes.set(name, (c = new Map<string, Pending>()));
    return c;
  }
}
