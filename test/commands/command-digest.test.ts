import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commandDigest } from '../../src/commands/idempotency.js';
import { commandCatalogue } from '../support/command-catalogue.js';

/**
 * A command's digest is recorded in its events and compared with every resend of its id,
 * for as long as the store lives: the text it hashes may be built faster, never differently.
 * The reference is the digest as the version of 2026-12-01 computed it.
 */
const CONVERSATION = new Set(['commandId', 'correlationId', 'causationId']);
const jsonText = (value: unknown): string | undefined => JSON.stringify(value);
function referenceCanonical(value: unknown, top = false): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonical(item)).join(',')}]`;
  if (value === null || typeof value !== 'object') return jsonText(value) ?? 'null';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && !(top && CONVERSATION.has(key)))
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonical(record[key])}`).join(',')}}`;
}
const referenceDigest = (command: object) =>
  createHash('sha256').update(referenceCanonical(command, true)).digest('base64url').slice(0, 27);

describe('command digests across versions', () => {
  it('a recorded command keeps its digest', () => {
    const command = {
      type: 'BookTime',
      commandId: '6f1c1f7e-4a8e-4d3b-9d55-0f6d1f3f6a01',
      correlationId: '6f1c1f7e-4a8e-4d3b-9d55-0f6d1f3f6a02',
      actor: { id: 'eng-1', role: 'engineer' },
      at: new Date('2026-11-23T08:00:00.000Z'),
      call: 'C-2026-000001',
      minutes: 45,
      note: 'Ünïcode "quoted" \u2028',
      lines: [{ code: 'LAB', quantity: 1.5 }, null],
      skipped: undefined,
    };
    expect(commandDigest(command)).toBe('53DxjDzclu-2bVbGGhETtSX2RiO'); // as 2026-12-01's version recorded it
    expect(commandDigest(command)).toBe(referenceDigest(command));
  });

  it('digests as before what only a library caller could send: holes in arrays, Dates that write themselves otherwise', () => {
    class Stamped extends Date {
      override toISOString(): string {
        return 'at "noon"';
      }
    }
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const holes = { type: 'Note', lines: [1, , 3], trailing: new Array<number>(2) };
    const stamped = { type: 'Note', at: new Stamped(0) };
    for (const command of [holes, stamped])
      expect(commandDigest(command)).toBe(referenceDigest(command));
  });

  it('every command of the catalogue digests as before', () => {
    for (const { command } of commandCatalogue())
      expect(commandDigest(command), command.type).toBe(referenceDigest(command));
  });

  it('any JSON-like command digests as before, conversation fields ignored only at the top', () => {
    const member = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(undefined),
        fc.constant(null),
        fc.boolean(),
        fc.double(),
        fc.string({ unit: 'binary' }),
        fc.date({ noInvalidDate: true }),
        fc.array(tie('value')),
        fc.dictionary(
          fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...CONVERSATION)),
          tie('value'),
        ),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), member), (command) => {
        expect(commandDigest(command)).toBe(referenceDigest(command));
      }),
      { numRuns: 500 },
    );
  });
});
