import type { Document, Documents, ProjectionBatch, ReadModelStore } from './types.js';

/**
 * A projection's view of its documents during one batch: reads see the batch's own
 * writes first, and nothing reaches the store until the batch commits as a whole.
 */
export class BatchDocuments implements Documents {
  private readonly writes = new Map<string, Map<string, Document | null>>();

  constructor(
    private readonly store: ReadModelStore,
    private readonly projection: string,
  ) {}

  get<T extends Document>(collection: string, key: string): T | undefined {
    const pending = this.writes.get(collection)?.get(key);
    if (pending !== undefined) return (pending ?? undefined) as T | undefined;
    return this.store.get<T>(this.projection, collection, key);
  }

  put(collection: string, key: string, document: Document): void {
    this.collection(collection).set(key, document);
  }

  delete(collection: string, key: string): void {
    this.collection(collection).set(key, null);
  }

  get size(): number {
    let n = 0;
    for (const c of this.writes.values()) n += c.size;
    return n;
  }

  batch(version: number, position: bigint): ProjectionBatch {
    return { projection: this.projection, version, position, writes: this.writes };
  }

  private collection(name: string): Map<string, Document | null> {
    let c = this.writes.get(name);
    if (!c) this.writes.set(name, (c = new Map()));
    return c;
  }
}
