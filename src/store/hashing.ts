import * as crypto from 'node:crypto';

/**
 * A digest as text, in one call: one-shot `crypto.hash` where Node has it (20.12 and later: no
 * hash object per digest, a third of createHash's cost), createHash before it. Imported as a
 * namespace: a named import of `hash` would fail to load on Node 20.10 and 20.11.
 */
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function digestText(
  algorithm: 'sha1' | 'sha256',
  data: string | Buffer,
  encoding: 'hex' | 'base64url' | 'binary',
): string {
  return oneShot
    ? oneShot(algorithm, data, encoding)
    : crypto.createHash(algorithm).update(data).digest(encoding);
}
