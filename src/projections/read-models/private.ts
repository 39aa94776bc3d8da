import { createHmac } from 'node:crypto';
import { openWithActiveKey, sealValue } from '../../privacy/cipher.js';
import type { KeyStore } from '../../privacy/key-store.js';
import { ERASED, isSealed, WITHHELD } from '../../privacy/sealed.js';
import { sealedValuesOf, type SealedValues } from '../../privacy/value-cache.js';
import type {
  Checkpoint,
  Document,
  DocumentPrivacy,
  Filter,
  FindOptions,
  Projection,
  ProjectionBatch,
  ReadModelStore,
  ReadOptions,
  WalkOptions,
  SearchOptions,
} from '../types.js';
import { readCheckpoints } from '../types.js';
import { mapPath, type Json } from './json-paths.js';
import type { SearchHit } from './full-text.js';

/**
 * The key of the keyed hashes that stand for personal document keys (an identifier index
 * keyed by e-mail address). One for the store, not per person: a lookup by e-mail address
 * must find the document without knowing whose it is. Its subject id names no person, so
 * no ForgetPerson can destroy it.
 */
export const LOOKUP_KEY_SUBJECT = 'callstream:lookup';

/**
 * Checkpoints of sealed read models are stored with this added to the projection's version:
 * read models written in clear (before, or without keys) read as another version, so the
 * runner rebuilds them sealed; read back without keys, sealed ones are rebuilt in clear.
 */
const SEALED_VERSIONS = 1_000_000;

/** Keys looked up once per operation (a commit, a read): a person forgotten meanwhile counts from the next. */
class KeysAtHand {
  private readonly found = new Map<string, Buffer | undefined>();
  constructor(private readonly keys: KeyStore) {}

  /** The subject's key, created if new; undefined once forgotten. */
  forSealing(subject: string): Buffer | undefined {
    if (!this.found.has(subject)) this.found.set(subject, this.keys.keyFor(subject));
    return this.found.get(subject);
  }

  forOpening(subject: string): Buffer | undefined {
    if (!this.found.has(subject)) {
      const state = this.keys.get(subject);
      this.found.set(subject, state?.state === 'active' ? state.key : undefined);
    }
    return this.found.get(subject);
  }
}

/**
 * Read models that never hold a personal value in clear (issue 18): a document's personal
 * values (as its collection's `privacy` declares them) are sealed under their data
 * subject's key when committed, and opened when read; a value whose key is gone reads
 * "[erased]". Personal document keys and map keys are stored as keyed hashes. Projections
 * fold clear values as before: only the store's bytes change. Forgetting a person needs no
 * rewrite of the documents: their values stop opening.
 */
export class PrivateReadModels implements ReadModelStore {
  private readonly privacy = new Map<string, DocumentPrivacy>();
  private readonly sealedProjections = new Set<string>();
  private lookupKey: Buffer | undefined;
  private readonly values: SealedValues;
  /** Only where the inner store has it (on the event store's connection): sealed as `commit` seals. */
  readonly commitWithinTransaction?: (
    batches: readonly ProjectionBatch[],
    checkpointsRead?: boolean,
  ) => void;

  constructor(
    readonly inner: ReadModelStore,
    readonly keys: KeyStore,
  ) {
    this.values = sealedValuesOf(keys);
    const within = inner.commitWithinTransaction?.bind(inner);
    if (within)
      this.commitWithinTransaction = (batches, checkpointsRead) =>
        within(this.sealed(batches), checkpointsRead);
  }

  checkpoint(projection: string): Checkpoint | undefined {
    return this.asRead(projection, this.inner.checkpoint(projection));
  }

  checkpoints(projections: readonly string[]): Array<Checkpoint | undefined> {
    return readCheckpoints(this.inner, projections).map((checkpoint, i) =>
      this.asRead(projections[i]!, checkpoint),
    );
  }

  /** A stored checkpoint as the projection's own version (any read of the stored table: a snapshot's too). */
  asRead(projection: string, checkpoint: Checkpoint | undefined): Checkpoint | undefined {
    if (!checkpoint || !this.sealedProjections.has(projection)) return checkpoint;
    // Written in clear: a version no projection has, so the runner rebuilds it sealed.
    const version =
      checkpoint.version >= SEALED_VERSIONS ? checkpoint.version - SEALED_VERSIONS : -1;
    return { ...checkpoint, version };
  }

  commit(batches: readonly ProjectionBatch[]): void {
    this.inner.commit(this.sealed(batches));
  }

  /** The batches as stored: personal values sealed, personal keys hashed, sealed versions. */
  private sealed(batches: readonly ProjectionBatch[]): ProjectionBatch[] {
    const keys = new KeysAtHand(this.keys);
    return batches.map((batch) => {
      if (!this.sealedProjections.has(batch.projection)) return batch;
      const writes = new Map<string, ReadonlyMap<string, Document | null>>();
      for (const [collection, docs] of batch.writes) {
        const privacy = this.privacy.get(`${batch.projection}/${collection}`);
        if (!privacy) {
          writes.set(collection, docs);
          continue;
        }
        const sealed = new Map<string, Document | null>();
        for (const [key, doc] of docs)
          sealed.set(this.storedKey(privacy, key), doc && this.seal(privacy, key, doc, keys));
        writes.set(collection, sealed);
      }
      return { ...batch, version: batch.version + SEALED_VERSIONS, writes };
    });
  }

  get<T extends Document>(
    projection: string,
    collection: string,
    key: string,
    options?: ReadOptions,
  ): T | undefined {
    const privacy = this.privacy.get(`${projection}/${collection}`);
    if (!privacy) return this.inner.get<T>(projection, collection, key);
    const doc = this.inner.get<T>(projection, collection, this.storedKey(privacy, key));
    if (!doc || options?.personal === 'withheld') return doc && (this.withheld(privacy, doc) as T);
    return this.open(privacy, key, doc, new KeysAtHand(this.keys)) as T;
  }

  find<T extends Document>(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: FindOptions,
  ): T[] {
    const found = this.inner.find<T>(projection, collection, filter, options);
    const privacy = this.privacy.get(`${projection}/${collection}`);
    if (!privacy) return found;
    if (options?.personal === 'withheld')
      return found.map((doc) => this.withheld(privacy, doc) as T);
    const keys = new KeysAtHand(this.keys);
    return found.map((doc) => this.open(privacy, undefined, doc, keys) as T);
  }

  count(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: { readonly upTo?: number },
  ): number {
    return this.inner.count(projection, collection, filter, options);
  }

  *all<T extends Document>(
    projection: string,
    collection: string,
    options?: WalkOptions,
  ): Iterable<[string, T]> {
    const privacy = this.privacy.get(`${projection}/${collection}`);
    const walk = this.inner.all<T>(projection, collection, options);
    if (!privacy) {
      yield* walk;
      return;
    }
    if (options?.personal === 'withheld') {
      for (const [key, doc] of walk) yield [key, this.withheld(privacy, doc) as T];
      return;
    }
    const keys = new KeysAtHand(this.keys);
    for (const [key, doc] of walk)
      yield [key, this.open(privacy, privacy.hashedKeys ? undefined : key, doc, keys) as T];
  }

  /** A stored document's JSON as a read would give it (opened), for comparisons of stored pages. */
  openJson(projection: string, collection: string, key: string, json: string): string {
    const privacy = this.privacy.get(`${projection}/${collection}`);
    if (!privacy) return json;
    const doc = JSON.parse(json) as Document;
    const opened = this.open(
      privacy,
      privacy.hashedKeys ? undefined : key,
      doc,
      new KeysAtHand(this.keys),
    );
    return JSON.stringify(opened);
  }

  reset(projection: string): void {
    this.inner.reset(projection);
  }

  snapshot<T>(read: () => T): T {
    return this.inner.snapshot(read);
  }

  /** The full-text field is never personal (ensureCollections refuses it): hits name keys only. */
  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    options?: SearchOptions,
  ): SearchHit[] {
    return this.inner.search(projection, collection, text, limit, options);
  }

  ensureCollections(projection: Projection): void {
    for (const [collection, definition] of Object.entries(projection.collections)) {
      const words = definition.fullText?.field;
      if (words !== undefined && definition.privacy?.fields.some((f) => f.path === words))
        throw new Error(
          `${projection.name}.${collection}: the full-text field ${words} is personal; an FTS index would keep it in clear`,
        );
      if (!definition.privacy) continue;
      this.privacy.set(`${projection.name}/${collection}`, definition.privacy);
      this.sealedProjections.add(projection.name);
    }
    this.inner.ensureCollections(projection);
  }

  close(): void {
    this.inner.close();
  }

  private storedKey(privacy: DocumentPrivacy, key: string): string {
    return privacy.hashedKeys ? this.hash(key) : key;
  }

  private hash(text: string): string {
    this.lookupKey ??= this.keys.keyFor(LOOKUP_KEY_SUBJECT);
    if (!this.lookupKey) throw new Error(`The lookup key ${LOOKUP_KEY_SUBJECT} was destroyed`);
    return `#${createHmac('sha256', this.lookupKey).update(text, 'utf8').digest('base64url')}`;
  }

  private seal(privacy: DocumentPrivacy, key: string, doc: Document, keys: KeysAtHand): Document {
    let sealed: Json = doc;
    for (const field of privacy.fields) {
      sealed = mapPath(sealed, field.path, (value, stars, parent) => {
        if (typeof value !== 'string' || value === ERASED) return value;
        const subject = field.subject(key, stars, parent);
        if (subject === undefined) return value;
        const subjectKey = keys.forSealing(subject);
        if (!subjectKey) return ERASED;
        // A value copied from an event keeps the event's sealed value: no encryption of its own.
        const seen = this.values.sealedFor(subject, value);
        if (seen) return seen;
        const sealed = sealValue(subject, subjectKey, value);
        this.values.remember(sealed, value);
        return sealed;
      });
    }
    for (const map of privacy.hashedMaps ?? []) {
      sealed = mapPath(sealed, map.path, (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
        const entries: Json = {};
        for (const [name, entry] of Object.entries(value))
          entries[name.startsWith('#') ? name : this.hash(name)] = entry;
        return entries;
      });
    }
    if (privacy.hashedKeys) {
      const { [privacy.hashedKeys.field]: _clear, ...rest } = sealed;
      sealed = rest;
    }
    return sealed;
  }

  /**
   * A stored document with its sealed values left unopened (WITHHELD): no key read, nothing
   * decrypted. Hashed map keys stay hashed, as in any read that cannot open their values.
   */
  private withheld(privacy: DocumentPrivacy, doc: Document): Document {
    let withheld: Json = doc;
    for (const field of privacy.fields)
      withheld = mapPath(withheld, field.path, (value) => (isSealed(value) ? WITHHELD : value));
    return withheld;
  }

  private open(
    privacy: DocumentPrivacy,
    key: string | undefined,
    doc: Document,
    keys: KeysAtHand,
  ): Document {
    let opened: Json = doc;
    for (const field of privacy.fields) {
      opened = mapPath(opened, field.path, (value) => {
        if (!isSealed(value)) return value;
        const subjectKey = keys.forOpening(value.$sealed);
        if (!subjectKey) return ERASED;
        const seen = this.values.clearOf(value);
        if (seen !== undefined) return seen;
        const clear = openWithActiveKey(subjectKey, value);
        this.values.remember(value, clear);
        return clear;
      });
    }
    for (const map of privacy.hashedMaps ?? []) {
      opened = mapPath(opened, map.path, (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
        const entries: Json = {};
        // An entry whose values are erased keeps its hashed key: no two of them collide.
        for (const [name, entry] of Object.entries(value))
          entries[map.keyOf(entry) ?? name] = entry;
        return entries;
      });
    }
    if (privacy.hashedKeys && key !== undefined)
      opened = { ...opened, [privacy.hashedKeys.field]: key };
    return opened;
  }
}

/** The store beneath a sealing one (or the store itself): for what works on stored pages. */
export function storedReadModels(readModels: ReadModelStore): ReadModelStore {
  return readModels instanceof PrivateReadModels ? readModels.inner : readModels;
}
