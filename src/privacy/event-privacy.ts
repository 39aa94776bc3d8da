import type { JsonInput, JsonObject, JsonValue } from '../store/port.js';
import { openWithActiveKey, sealValue } from './cipher.js';
import type { KeyStore } from './key-store.js';
import { ERASED, isSealed, type SealedValue } from './sealed.js';
import { sealedValuesOf, type SealedValues } from './value-cache.js';
import {
  personalFields,
  personalMetadata,
  subjectOf,
  type PersonalField,
  type SubjectContext,
} from './subjects.js';

/** An event as it is appended or read: what sealing and revealing work on. */
/** An event on its way in: its data may still hold Dates (JsonInput). */
export interface PrivateShape {
  readonly streamName: string;
  readonly type: string;
  readonly data: JsonInput;
  readonly metadata: JsonObject;
}

type Json = Record<string, JsonValue>;

type InputObject = Readonly<Record<string, JsonInput | undefined>>;
const isInputObject = (value: JsonInput | undefined): value is InputObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * A copy of `root` with the string at `path` replaced by `replace(value)` (at every element
 * of an array where the path says `*`); `root` itself when there is none.
 */
function replaceAt(
  root: JsonInput,
  path: readonly string[],
  index: number,
  replace: (value: string) => JsonValue,
): JsonInput {
  if (path[index] === '*') {
    if (!Array.isArray(root)) return root;
    const list: readonly JsonInput[] = root;
    let copy: JsonInput[] | undefined;
    list.forEach((item, i) => {
      const inner =
        index === path.length - 1
          ? typeof item === 'string'
            ? replace(item)
            : item
          : replaceAt(item, path, index + 1, replace);
      if (inner !== item) (copy ??= [...list])[i] = inner;
    });
    return copy ?? list;
  }
  if (!isInputObject(root)) return root;
  const key = path[index]!;
  const value = root[key];
  if (index === path.length - 1)
    return typeof value === 'string' ? { ...root, [key]: replace(value) } : root;
  if (!isInputObject(value) && !(path[index + 1] === '*' && Array.isArray(value))) return root;
  const inner = replaceAt(value, path, index + 1, replace);
  return inner === value ? root : { ...root, [key]: inner };
}

/**
 * Seals every personal value of an event under its subject's key (the key is created on
 * first use). A value of a forgotten subject is not kept at all: it is stored as erased.
 * Returns the same objects when the event has no personal value.
 */
export function sealEvent<E extends PrivateShape>(event: E, keys: KeyStore): E {
  const fields = personalFields.get(event.type);
  const name = (event.metadata.actor as Json | undefined)?.name;
  if (!fields && typeof name !== 'string') return event;
  const context: SubjectContext = {
    streamName: event.streamName,
    data: isInputObject(event.data) ? event.data : {},
    metadata: event.metadata,
  };
  const values = sealedValuesOf(keys);
  const seal =
    (field: PersonalField) =>
    (value: string): JsonValue => {
      const subject = subjectOf(field.subject, context);
      const key = value === ERASED ? undefined : keys.keyFor(subject);
      if (!key) return ERASED;
      const sealed = sealValue(subject, key, value);
      // A read model copying the value stores this very ciphertext rather than sealing it again.
      values.remember(sealed, value);
      return sealed as unknown as Json;
    };
  let data = event.data;
  for (const field of fields ?? []) {
    if (field.when && !field.when(context.data)) continue;
    data = replaceAt(data, field.path, 0, seal(field));
  }
  const metadata =
    typeof name === 'string'
      ? (replaceAt(event.metadata, personalMetadata.path, 0, seal(personalMetadata)) as JsonObject)
      : event.metadata;
  return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
}

/**
 * Opens sealed values with the keys at hand; a value whose key is gone reads as ERASED, one
 * its active key does not open is SealedValueUnreadable.
 * Lazily by default: a sealed value becomes a property that decrypts when first read (then
 * holds its clear value), so a fold that never reads a personal field (most projections
 * never read the actor's name) pays nothing for it. Decrypting costs tens of microseconds.
 */
/** Subjects met in a walk whose keys are looked up together at the first opening. */
const PENDING_SUBJECTS = 1_000;

export class Revealer {
  private readonly keysSeen = new Map<string, Buffer | undefined>();
  private readonly pending = new Set<string>();
  private readonly values: SealedValues;

  constructor(
    private readonly keys: KeyStore,
    private readonly lazy = true,
  ) {
    this.values = sealedValuesOf(keys);
  }

  /** A copy of `value` with every sealed value opened; `value` itself when it holds none. */
  reveal<T extends JsonValue>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: JsonValue): JsonValue {
    if (typeof value !== 'object' || value === null) return value;
    if (isSealed(value)) return this.open(value);
    if (Array.isArray(value)) {
      let copy: JsonValue[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const inner = this.walk(value[i]!);
        if (inner !== value[i]) (copy ??= [...value])[i] = inner;
      }
      return copy ?? value;
    }
    let copy: Json | undefined;
    for (const key in value) {
      const item = value[key];
      if (typeof item !== 'object' || item === null) continue;
      if (this.lazy && isSealed(item)) {
        if (this.pending.size < PENDING_SUBJECTS && !this.keysSeen.has(item.$sealed))
          this.pending.add(item.$sealed);
        copy ??= { ...value };
        this.openLater(copy, key, item);
        continue;
      }
      const inner = this.walk(item);
      if (inner !== item) (copy ??= { ...value })[key] = inner;
    }
    return copy ?? value;
  }

  /** `target[key]` opens `sealed` when first read, and is an ordinary property from then on. */
  private openLater(target: Json, key: string, sealed: SealedValue): void {
    const settle = (value: JsonValue): void =>
      void Object.defineProperty(target, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    Object.defineProperty(target, key, {
      get: () => {
        const value = this.open(sealed);
        settle(value);
        return value;
      },
      set: settle,
      enumerable: true,
      configurable: true,
    });
  }

  /** The keys of every subject met so far, in one look-up (a subject never seen has none). */
  private lookUpPending(): void {
    const states = this.keys.getMany(this.pending);
    for (const subject of this.pending) {
      const state = states.get(subject);
      this.keysSeen.set(subject, state?.state === 'active' ? state.key : undefined);
    }
    this.pending.clear();
  }

  private open(sealed: SealedValue): string {
    if (this.pending.size > 0 && !this.keysSeen.has(sealed.$sealed)) this.lookUpPending();
    let key = this.keysSeen.get(sealed.$sealed);
    if (key === undefined && !this.keysSeen.has(sealed.$sealed)) {
      const state = this.keys.get(sealed.$sealed);
      key = state?.state === 'active' ? state.key : undefined;
      this.keysSeen.set(sealed.$sealed, key);
    }
    if (!key) return ERASED;
    const seen = this.values.clearOf(sealed);
    if (seen !== undefined) return seen;
    const clear = openWithActiveKey(key, sealed);
    this.values.remember(sealed, clear);
    return clear;
  }
}
