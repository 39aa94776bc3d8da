import { ERASED } from '../domain/shared/schema.js';

/**
 * The stored form of a personal value: AES-256-GCM ciphertext under its data subject's key.
 * The event keeps this (and the key's id, the subject id); the key lives in a KeyStore.
 * Forgetting a person destroys the key: the ciphertext stays in the immutable log, so the
 * tamper-evidence chain (which covers stored bytes) still verifies, but nothing can open it.
 */
export interface SealedValue {
  /** The id of the key it was sealed with: the data subject's id (never a personal value itself). */
  readonly $sealed: string;
  /** 12-byte initialisation vector, fresh per value, base64. */
  readonly iv: string;
  /** The ciphertext of the UTF-8 value, base64. */
  readonly ct: string;
  /** The 16-byte GCM authentication tag, base64. */
  readonly tag: string;
}

/**
 * What a personal value reads as once its subject is forgotten: a fixed text rather than an
 * object, so that every fold, projection and report that handles the value as text keeps
 * working (and keeps its totals), and every personal field's schema accepts it. Recognise
 * it with `isErased`.
 */
export { ERASED };
export type Erased = typeof ERASED;

/**
 * What a personal value reads as where the reader asked not to have it (`personal:
 * 'withheld'`): left sealed, whoever it belongs to, forgotten or not.
 */
export const WITHHELD = '[withheld]';

export function isErased(value: unknown): value is Erased {
  return value === ERASED;
}

export function isSealed(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $sealed?: unknown }).$sealed === 'string'
  );
}

/**
 * Parses stored JSON with every sealed value standing as ERASED: what an audit decodes to
 * check an event's shape without any key (every personal field's schema accepts ERASED).
 */
export function parseSealedAsErased(text: string): unknown {
  return text.includes('"$sealed"')
    ? JSON.parse(text, (_key, value: unknown) => (isSealed(value) ? ERASED : value))
    : JSON.parse(text);
}
