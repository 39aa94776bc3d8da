import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS,
  GENESIS_HEX,
  chainHash,
  chainHashHex,
  streamHash,
  streamHashHex,
} from '../../src/store/seal.js';

/**
 * The seal's canonical bytes as docs/stores.md defines them, spelt out with a hash object and
 * one update per part: the one-shot hashing into a reused buffer must give the same digests,
 * or every store sealed before it would stop verifying.
 */
const referenceStreamHash = (
  previous: Buffer,
  id: string,
  stream: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
): Buffer =>
  createHash('sha256')
    .update(previous)
    .update(`${JSON.stringify([id, stream, revision.toString(), type])}\n${data.length}\n`)
    .update(data)
    .update(metadata)
    .digest();
const referenceChainHash = (previous: Buffer, position: bigint, hash: Buffer): Buffer =>
  createHash('sha256').update(previous).update(`${position}\n`).update(hash).digest();

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary', minLength: 5000, maxLength: 40000 }),
);
const digestOf = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes));

describe('the seal hashes the canonical bytes of an event', () => {
  it('gives the digests of the defined canonical form, whatever the text (any Unicode, lone surrogates, long data)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(GENESIS), digestOf),
        text,
        text,
        fc.bigInt({ min: 0n, max: 2n ** 53n }),
        text,
        text,
        text,
        (previous, id, stream, revision, type, data, metadata) => {
          const expected = referenceStreamHash(
            previous,
            id,
            stream,
            revision,
            type,
            data,
            metadata,
          );
          expect(
            streamHash(previous, { id, streamName: stream, revision, type, data, metadata }).equals(
              expected,
            ),
          ).toBe(true);
          expect(
            streamHashHex(previous.toString('hex'), {
              id,
              streamName: stream,
              revision,
              type,
              data,
              metadata,
            }),
          ).toBe(expected.toString('hex'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encodes data and metadata each on its own: a lone surrogate at their junction stays lone', () => {
    const [id, stream, type] = ['e"1', 'call-\u00e9', 'T\n'];
    for (const [data, metadata] of [
      ['{"a":"\ud83d', '\ude00"}'],
      ['x\ud800', 'y'],
      ['', '\udc00'],
    ] as const) {
      const expected = referenceStreamHash(GENESIS, id, stream, 7n, type, data, metadata);
      expect(
        streamHashHex(GENESIS_HEX, { id, streamName: stream, revision: 7n, type, data, metadata }),
      ).toBe(expected.toString('hex'));
    }
  });

  it('starts every chain from the same genesis, as bytes and as hex', () => {
    expect(GENESIS_HEX).toBe(createHash('sha256').update('callstream/seal/v1').digest('hex'));
    expect(GENESIS.toString('hex')).toBe(GENESIS_HEX);
  });

  it('chains positions as the defined form does, and each digest is a buffer of its own', () => {
    fc.assert(
      fc.property(
        digestOf,
        fc.bigInt({ min: 1n, max: 2n ** 53n }),
        digestOf,
        (previous, position, hash) => {
          const first = chainHash(previous, position, hash);
          const second = chainHash(hash, Number(position), previous);
          expect(first.equals(referenceChainHash(previous, position, hash))).toBe(true);
          expect(second.equals(referenceChainHash(hash, position, previous))).toBe(true);
          expect(chainHashHex(previous.toString('hex'), position, hash.toString('hex'))).toBe(
            first.toString('hex'),
          );
          expect(first.equals(second)).toBe(false);
        },
      ),
    );
  });
});
