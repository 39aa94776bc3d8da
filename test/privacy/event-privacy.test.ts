import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { eventSchemas } from '../../src/domain/catalogue.js';
import { decodeStored } from '../../src/domain/envelope.js';
import { Revealer, sealEvent, type PrivateShape } from '../../src/privacy/event-privacy.js';
import { MemoryKeyStore } from '../../src/privacy/memory-key-store.js';
import { ERASED, isSealed } from '../../src/privacy/sealed.js';
import { personalFields, subjectOf, type SubjectContext } from '../../src/privacy/subjects.js';
import type { JsonObject, JsonValue } from '../../src/store/port.js';

/** The paths a JSON Schema marks `x-personal-data`, through objects, arrays (`*`) and unions. */
function markedPaths(
  schema: Record<string, unknown>,
  at: string[] = [],
  out = new Set<string>(),
): Set<string> {
  if (schema['x-personal-data']) out.add(at.join('.'));
  for (const [key, inner] of Object.entries(
    (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
  ))
    markedPaths(inner, [...at, key], out);
  if (schema.items) markedPaths(schema.items as Record<string, unknown>, [...at, '*'], out);
  for (const branch of [
    ...((schema.anyOf ?? []) as Array<Record<string, unknown>>),
    ...((schema.oneOf ?? []) as Array<Record<string, unknown>>),
  ])
    markedPaths(branch, at, out);
  return out;
}

describe('personal fields: the subjects table and the schema marks say the same', () => {
  it('every field the schema marks personal has a subject, and every field with a subject is marked', () => {
    for (const [type, schema] of Object.entries(eventSchemas)) {
      const marked = markedPaths(
        z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any', io: 'input' }),
      );
      const listed = new Set((personalFields.get(type) ?? []).map((field) => field.path.join('.')));
      expect([...listed].sort(), type).toEqual([...marked].sort());
    }
  });
});

const requester = (callId: string): SubjectContext => ({
  streamName: `call-${callId}`,
  data: {},
  metadata: {},
});
const actor = fc.record(
  {
    id: fc.constantFrom('agent-1', 'eng-2', 'portal-3'),
    role: fc.constantFrom('agent', 'engineer', 'customer'),
    name: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
  },
  { requiredKeys: ['id', 'role'] },
);

/** Events of every type with personal fields, those fields filled with any text, beside other data. */
/** Events as read back: JSON data (an append's data may also hold Dates, see JsonInput). */
const anyEvent: fc.Arbitrary<PrivateShape & { data: JsonValue }> = fc
  .record({
    type: fc.constantFrom(...personalFields.keys()),
    stream: fc.constantFrom('call-c1', 'call-c2', 'request-r1', 'customer-K1'),
    values: fc.array(fc.string(), { minLength: 12, maxLength: 12 }),
    other: fc.dictionary(
      fc.constantFrom('at', 'callId', 'reason', 'count', 'contactId', 'customerId'),
      fc.oneof(fc.string(), fc.integer(), fc.boolean()),
    ),
    kind: fc.constantFrom('email', 'phone', 'account'),
    actor,
  })
  .map(({ type, stream, values, other, kind, actor }) => {
    const data: Record<string, unknown> = { ...other };
    (personalFields.get(type) ?? []).forEach((field, i) => {
      // `*` (a list of attachments): one element.
      let target = data;
      field.path.slice(0, -1).forEach((key, j) => {
        const empty = field.path[j + 1] === '*' ? [] : key === 'identifier' ? { kind } : {};
        target = (target[key === '*' ? 0 : key] ??= empty) as Record<string, unknown>;
      });
      const last = field.path.at(-1)!;
      target[last === '*' ? 0 : last] = values[i];
    });
    return {
      streamName: stream,
      type,
      data: data as JsonObject,
      metadata: { schemaVersion: 1, actor: actor },
    };
  });

describe('whose each personal value is', () => {
  it('one subject at most for a path, whatever the data: the conditions exclude each other', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const data = event.data as Record<string, unknown>;
        const applying = (personalFields.get(event.type) ?? []).filter(
          (field) => !field.when || field.when(data),
        );
        const paths = applying.map((field) => field.path.join('.'));
        expect(paths).toEqual([...new Set(paths)]);
      }),
    );
  });

  it("a notification or acknowledgement to a contact standing in for the reporter: the address and name the contact's, the text the requester's", () => {
    const subjects = (type: string, context: SubjectContext) =>
      Object.fromEntries(
        (personalFields.get(type) ?? [])
          .filter((field) => !field.when || field.when(context.data))
          .map((field) => [field.path.join('.'), subjectOf(field.subject, context)]),
      );
    const notification = (data: Record<string, unknown>): SubjectContext => ({
      streamName: 'notification-n1',
      data,
      metadata: {},
    });
    expect(
      subjects(
        'NotificationQueued',
        notification({ callId: 'c1', customerId: 'acme', contactId: 'zeb' }),
      ),
    ).toEqual({ to: 'contact:acme/zeb', toName: 'contact:acme/zeb', text: 'requester:c1' });
    expect(
      subjects('NotificationQueued', notification({ callId: 'c1', customerId: 'acme' })),
    ).toEqual({
      to: 'requester:c1',
      toName: 'requester:c1',
      text: 'requester:c1',
    });
    expect(
      subjects('NotificationQueued', notification({ requestId: 'r1', customerId: 'acme' })),
    ).toEqual({
      to: 'sender:r1',
      toName: 'sender:r1',
      text: 'sender:r1',
    });
    const acknowledged = (data: Record<string, unknown>) =>
      subjects('CallAcknowledged', { ...requester('c1'), data });
    expect(acknowledged({ customerId: 'acme', contactId: 'zeb' })).toEqual({
      to: 'contact:acme/zeb',
    });
    // Stored before contacts were told apart: the requester's, as it was sealed.
    expect(acknowledged({})).toEqual({ to: 'requester:c1' });
    // On the customer's own stream, the contact is named within it.
    expect(
      subjects('ContactAdded', {
        streamName: 'customer-acme',
        data: { contactId: 'zeb' },
        metadata: {},
      }),
    ).toEqual({ name: 'contact:acme/zeb', email: 'contact:acme/zeb', phone: 'contact:acme/zeb' });
  });
});

describe('sealing and revealing an event', () => {
  it('reveal(seal(e)) = e, and sealed, no personal value is left in clear', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const keys = new MemoryKeyStore();
        const sealed = sealEvent(event, keys);
        const revealer = new Revealer(keys);
        expect({
          ...sealed,
          data: revealer.reveal(sealed.data),
          metadata: revealer.reveal(sealed.metadata),
        }).toEqual(event);
        const context: SubjectContext = {
          streamName: event.streamName,
          data: event.data as Record<string, unknown>,
          metadata: event.metadata,
        };
        for (const field of personalFields.get(event.type)!) {
          if (field.when && !field.when(context.data)) continue;
          const value = field.path.reduce<unknown>(
            (v, k) => (v as Record<string, unknown> | undefined)?.[k === '*' ? 0 : k],
            sealed.data,
          );
          expect(isSealed(value) || value === ERASED).toBe(true);
          if (isSealed(value)) expect(value.$sealed).toBe(subjectOf(field.subject, context));
        }
        const name = (sealed.metadata.actor as Record<string, unknown>).name;
        if (name !== undefined) expect(isSealed(name) || name === ERASED).toBe(true);
      }),
    );
  });

  it('looks up the keys of a whole page of events at once, at the first value opened', () => {
    const keys = new MemoryKeyStore();
    const lookups = { one: 0, many: 0 };
    const counted = Object.assign(Object.create(keys) as MemoryKeyStore, {
      get: (subject: string) => (lookups.one++, keys.get(subject)),
      getMany: (subjects: Iterable<string>) => (lookups.many++, keys.getMany(subjects)),
    });
    const page = fc
      .sample(anyEvent, { numRuns: 40, seed: 7 })
      .map((event) => sealEvent(event, keys));
    keys.destroy(keys.subjects()[0]!, new Date());
    const revealer = new Revealer(counted);
    const revealed = page.map((event) => ({
      data: revealer.reveal(event.data),
      metadata: revealer.reveal(event.metadata),
    }));
    expect(lookups).toEqual({ one: 0, many: 0 });
    // Reading every value (as a fold that copies them all would) opens them with one look-up.
    JSON.stringify(revealed);
    expect(lookups).toEqual({ one: 0, many: 1 });
  });

  it('after a subject is forgotten, its values read erased and everything else is unchanged', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), (event, pick) => {
        const keys = new MemoryKeyStore();
        const sealed = sealEvent(event, keys);
        const subjects = keys.subjects();
        fc.pre(subjects.length > 0);
        const forgotten = subjects[pick % subjects.length]!;
        keys.destroy(forgotten, new Date());
        const revealer = new Revealer(keys);
        const revealed = {
          ...sealed,
          data: revealer.reveal(sealed.data),
          metadata: revealer.reveal(sealed.metadata),
        };
        const walk = (original: unknown, stored: unknown, shown: unknown): void => {
          if (isSealed(stored))
            return expect(shown).toBe(stored.$sealed === forgotten ? ERASED : original);
          if (typeof stored !== 'object' || stored === null) return expect(shown).toEqual(original);
          for (const key of Object.keys(stored))
            walk(
              (original as Record<string, unknown>)[key],
              (stored as Record<string, unknown>)[key],
              (shown as Record<string, unknown>)[key],
            );
        };
        walk(event.data, sealed.data, revealed.data);
        walk(event.metadata, sealed.metadata, revealed.metadata);
      }),
    );
  });

  it('stores a value of a person already forgotten as erased: nothing new is kept about them', () => {
    const keys = new MemoryKeyStore();
    keys.keyFor('requester:c9');
    keys.destroy('requester:c9', new Date());
    const sealed = sealEvent(
      {
        streamName: 'call-c9',
        type: 'CallAcknowledged',
        data: { to: 'ann@example.com' },
        metadata: {},
      },
      keys,
    );
    expect(sealed.data).toEqual({ to: ERASED });
    expect(requester('c9').streamName).toBe('call-c9');
  });

  it('a history with erased values still decodes strictly', () => {
    const metadata = {
      schemaVersion: 1,
      actor: { id: 'a', role: 'agent', name: ERASED },
      occurredAt: '2026-01-01T00:00:00.000Z',
      commandId: '6f1c1b8e-1d1f-4c39-9a77-0d8e1c1f0a01',
      commandType: 'X',
      correlationId: '6f1c1b8e-1d1f-4c39-9a77-0d8e1c1f0a01',
      causationId: '6f1c1b8e-1d1f-4c39-9a77-0d8e1c1f0a01',
    };
    const at = '2026-01-01T00:00:00.000Z';
    expect(() =>
      decodeStored({
        type: 'IdentifierAdded',
        data: { at, identifier: { kind: 'phone', value: ERASED } },
        metadata,
      }),
    ).not.toThrow();
    expect(() =>
      decodeStored({
        type: 'ContactAdded',
        data: { at, contactId: 'K1', name: ERASED, email: ERASED, phone: ERASED },
        metadata,
      }),
    ).not.toThrow();
    expect(() =>
      decodeStored({
        type: 'FollowUpAdded',
        data: { at, followUpId: 'F1', by: 'a', text: ERASED },
        metadata,
      }),
    ).not.toThrow();
    const sha256 = 'ab'.repeat(32);
    const attachment = { uri: ERASED, mediaType: 'image/jpeg', size: 1, sha256 };
    expect(() =>
      decodeStored({
        type: 'AttachmentAdded',
        data: {
          at,
          by: 'a',
          attachment: {
            ...attachment,
            attachmentId: 'A1',
            fileName: ERASED,
            customerVisible: true,
          },
        },
        metadata,
      }),
    ).not.toThrow();
  });
});
