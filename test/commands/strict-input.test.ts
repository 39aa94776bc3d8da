import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/commands/errors.js';
import { commandInputSchemas } from '../../src/commands/schemas.js';
import { inputFlaw } from '../../src/commands/strict.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';

/** Paths of objects in a schema that would let an unknown key through. */
function lenientObjects(schema: z.ZodType, path: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })
    ._zod.def;
  const inner = (key: string, at = path) =>
    def[key] ? lenientObjects(def[key] as z.ZodType, at, seen) : [];
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as { _zod: { def: { type: string } } } | undefined;
      const own = catchall?._zod.def.type === 'never' ? [] : [path];
      return [
        ...own,
        ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
          lenientObjects(field, `${path}.${key}`, seen),
        ),
      ];
    }
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => lenientObjects(option, path, seen));
    case 'record':
      return inner('valueType', `${path}.*`);
    case 'array':
      return inner('element', `${path}[]`);
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    default:
      return inner('innerType');
  }
}

async function refusal(input: unknown) {
  const { pipeline, store } = testPipeline();
  const error = await pipeline.executeJson(input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(await store.headPosition()).toBeUndefined();
  return (error as ValidationError).issues;
}

describe('strict input: one rule for every object', () => {
  it('every object in every command, at any depth, refuses unknown keys', () => {
    const lenient = Object.entries(commandInputSchemas).flatMap(([type, schema]) =>
      lenientObjects(schema, type),
    );
    expect(lenient).toEqual([]);
  });

  it.each([
    [
      'an unknown key in the subject',
      { subject: { kind: 'customer', customerId: 'acme', colour: 'red' } },
      'subject',
    ],
    ['an unknown key in the actor', { actor: { ...staff.ann, clearance: 'top' } }, 'actor'],
    [
      'an own __proto__ key in the subject',
      { subject: JSON.parse('{"kind":"customer","customerId":"acme","__proto__":{"x":1}}') },
      'subject.__proto__',
    ],
    [
      'an own __proto__ key in the actor',
      { actor: JSON.parse('{"id":"ann","role":"agent","__proto__":{"role":"supervisor"}}') },
      'actor.__proto__',
    ],
    [
      'an own __proto__ key in the factors record',
      { factors: JSON.parse('{"__proto__":2,"hardware":1.5}') },
      'factors.__proto__',
    ],
  ])('refuses %s, naming it, and writes nothing', async (_, overrides, path) => {
    const issues = await refusal({ ...logCallRequest(), ...overrides });
    expect(issues.map((issue) => issue.path)).toEqual([path]);
  });

  it('refuses an unknown key deep inside published service-level rules and price lists, accepting them without it', async () => {
    const target = { responseMinutes: 60, resolutionMinutes: 120, calendar: 'office' };
    const rules = (extra: object) => ({
      name: 'x',
      calendars: { office: { kind: 'always-open', id: 'office' } },
      defaultPriority: 1,
      priorities: { 1: { ...target, ...extra } },
    });
    const publish = (extra: object) => ({
      type: 'PublishServiceLevels',
      commandId: crypto.randomUUID(),
      actor: staff.sam,
      ruleSetId: 'r',
      effectiveFrom: '2026-01-01T00:00:00Z',
      rules: rules(extra),
    });
    expect((await refusal(publish({ colour: 'red' }))).map((issue) => issue.path)).toEqual([
      'rules.priorities.1',
    ]);
    const prices = (extra: object) => ({
      currency: 'EUR',
      labour: { remote: 1, 'on-site': 1, depot: 1, travel: 1, ...extra },
    });
    const priceList = (extra: object) => ({
      type: 'PublishPriceList',
      commandId: crypto.randomUUID(),
      actor: staff.sam,
      priceListId: 'p',
      effectiveFrom: '2026-01-01T00:00:00Z',
      prices: prices(extra),
    });
    expect((await refusal(priceList({ typo: 1 }))).map((issue) => issue.path)).toEqual([
      'prices.labour',
    ]);
    const { pipeline } = testPipeline();
    await pipeline.executeJson(publish({}));
    await pipeline.executeJson(priceList({}));
  });
});

describe('flaws no schema sees: own __proto__ keys and lone surrogates', () => {
  it('are found at any depth, also in arrays, and the search ends on cyclic input', () => {
    const cyclic: Record<string, unknown> = { a: [{ b: 1 }] };
    cyclic.self = cyclic;
    expect(inputFlaw(cyclic)).toBeUndefined();
    (cyclic.a as object[]).push(JSON.parse('{"__proto__":{}}') as object);
    expect(inputFlaw(cyclic)?.path).toBe('a.1.__proto__');
  });

  it('takes surrogate pairs (emoji) and refuses a lone one, in a value or a key', () => {
    expect(inputFlaw({ text: 'Printer 🖨️ jams', list: ['😀'] })).toBeUndefined();
    expect(inputFlaw({ list: ['ok', 'jam\uD83D'] })).toMatchObject({
      path: 'list.1',
      code: 'invalid_format',
    });
    expect(inputFlaw({ ['\uDE00']: 1 })?.path).toBe('\uDE00');
    expect(inputFlaw('\uD800')?.path).toBe('');
  });
});

describe('instants: one accepted range, for ISO strings and Dates alike', () => {
  it.each([
    ['a Date in year 99999', new Date('+099999-01-01T00:00:00Z')],
    ['the largest Date', new Date(8.64e15)],
    ['a Date before 1970', new Date('1969-12-31T23:59:59Z')],
    ['an invalid Date', new Date(Number.NaN)],
    ['an ISO string in year 0001', '0001-01-01T00:00:00Z'],
    ['an ISO string a minute before 1970 by its offset', '1970-01-01T00:30:00+01:00'],
    ['an ISO string past 9999 by its offset', '9999-12-31T23:59:59-01:00'],
  ])('refuses %s as a command instant', async (_, at) => {
    const issues = await refusal(logCallRequest({ at }));
    expect(issues.map((issue) => issue.path)).toEqual(['at']);
  });

  it('refuses a follow-up dated in year 99999, and the call can still be worked', async () => {
    const { pipeline } = testPipeline();
    const { number } = await pipeline.execute(logCallRequest());
    const far = await pipeline
      .execute(
        command({
          type: 'AddFollowUp',
          call: number,
          text: 'later',
          at: new Date('+099999-01-01T00:00:00Z'),
        }),
      )
      .catch((e: unknown) => e);
    expect(far).toBeInstanceOf(ValidationError);
    const next = await pipeline.execute(
      command({ type: 'AddFollowUp', call: number, text: 'now' }),
    );
    expect(next.events.map((event) => event.type)).toEqual(['FollowUpAdded']);
  });

  it('refuses out-of-range instants inside payloads too (plannedStart, asOf, effectiveFrom)', async () => {
    const { pipeline, store } = testPipeline();
    const { number } = await pipeline.execute(logCallRequest());
    const head = await store.headPosition();
    for (const input of [
      command({
        type: 'ScheduleOnSiteVisit',
        call: number,
        engineer: 'eve',
        plannedStart: new Date('+020000-01-01T00:00:00Z'),
        plannedEnd: '2026-11-24T10:00:00Z',
      }),
      command({ type: 'EscalateServiceLevel', call: number, asOf: new Date(-1), actor: staff.sam }),
    ]) {
      await expect(pipeline.execute(input)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await store.headPosition()).toEqual(head);
  });
});

describe('money booked and agreed', () => {
  it.each([
    ['BookCost', 'amount', 0, { category: 'expense', description: 'Courier' }],
    ['BookCost', 'amount', -4000, { category: 'expense', description: 'Courier' }],
    ['OrderSubcontract', 'agreedCost', -1, { subcontractor: 'fixit', orderReference: 'PO-1' }],
  ] as const)(
    'refuses %s with %s of %s minor units, naming the field, and writes nothing',
    async (type, field, amount, fields) => {
      const { pipeline, store } = testPipeline();
      const { number } = await pipeline.execute(logCallRequest());
      const head = await store.headPosition();
      const error = await pipeline
        .executeJson(
          command({
            type,
            call: number,
            actor: staff.eve,
            ...fields,
            [field]: { amount, currency: 'EUR' },
          } as never),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        expect.objectContaining({
          path: `${field}.amount`,
          message:
            amount < 0 && type !== 'BookCost'
              ? 'A cost is not negative'
              : 'A cost booked is more than zero',
        }),
      ]);
      expect(await store.headPosition()).toEqual(head);
    },
  );
});
