import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { Forbidden, ValidationError } from '../../src/commands/errors.js';
import { parseCommand } from '../../src/commands/schemas.js';
import { ERASED } from '../../src/domain/index.js';
import { steppingClock } from '../support/clock.js';

/**
 * The corpus of malformed commands: whatever arrives through the library, each is refused
 * with a typed error (ValidationError naming the offending path, or Forbidden), writes
 * nothing, and leaves Object.prototype as it was. Part of it is written by hand (NaN and
 * Infinity, instants out of range as strings and Dates, negative durations, huge strings
 * and arrays, unknown types, wrong roles, the erased marker as a live person's value); the rest is generated from valid commands: an
 * unknown key and an own `__proto__` key in every object at every depth, a value of the
 * wrong type in every field, and a lone UTF-16 surrogate (not well-formed Unicode) in every
 * text.
 */

type Input = Record<string, unknown>;
const sam = { id: 'sam', role: 'supervisor' };
const ann = { id: 'ann', role: 'agent' };
const eve = { id: 'eve', role: 'engineer' };
const at = '2026-11-23T10:00:00Z';
const command = (type: string, fields: Input, actor: object = sam): Input => ({
  type,
  commandId: uuid(),
  actor,
  at,
  ...fields,
});

/** Valid commands, one per shape worth walking; each is checked to pass validation first. */
const valid: Input[] = [
  command(
    'LogCall',
    {
      reportedAt: '2026-11-23T09:30:00+01:00',
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Carl', email: 'carl@acme.example' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
      item: { item: 'server', serialNumber: 'SRV-1' },
      description: 'Server does not boot',
      chargeable: true,
      factors: { hardware: 1.5 },
      assignTo: { group: 'l1' },
    },
    ann,
  ),
  command(
    'BookCost',
    {
      call: 'C-000001',
      category: 'expense',
      description: 'Taxi',
      amount: { amount: 2500, currency: 'EUR' },
    },
    eve,
  ),
  command(
    'ScheduleOnSiteVisit',
    {
      call: 'C-000001',
      engineer: 'eve',
      plannedStart: '2026-11-24T09:00:00Z',
      plannedEnd: '2026-11-24T11:00:00Z',
    },
    ann,
  ),
  command('PublishServiceLevels', {
    ruleSetId: 'office',
    effectiveFrom: '2026-01-01T00:00:00Z',
    rules: {
      name: 'Office',
      calendars: {
        paris: {
          kind: 'business-hours',
          id: 'paris',
          timeZone: 'Europe/Paris',
          workingHours: { monday: [{ from: '08:00', to: '12:00' }] },
          holidays: ['2026-12-25'],
        },
      },
      defaultPriority: 2,
      priorities: { 2: { responseMinutes: 60, resolutionMinutes: 480, calendar: 'paris' } },
      escalation: [{ share: 1, level: 'breach' }],
    },
  }),
  command('PublishPriceList', {
    priceListId: 'p',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
      labour: { remote: 1, 'on-site': 1, depot: 1, travel: 1 },
      materials: { toner: 100 },
    },
  }),
  command('AddIdentifier', {
    customerId: 'acme',
    identifier: { kind: 'email', value: 'it@acme.example' },
  }),
  command('AddCoverageLine', {
    contractId: 'acme-1',
    service: 'remote-support',
    scope: { serialNumber: 'SRV-1' },
    share: 100,
    limits: { hours: 10, per: 'year' },
  }),
  command('SubmitRequest', {
    requestId: 'r1',
    channel: 'email',
    sender: { email: 'it@acme.example' },
    summary: 'Printer',
    body: 'Jammed',
  }),
  command('SetDefaultDestination', { destination: { kind: 'group', id: 'l1' } }),
  command('RecordReading', {
    serialNumber: 'COP-1',
    meterId: 'copies',
    value: 10,
    replacement: { finalValue: 5 },
  }),
];

type Case = readonly [name: string, input: unknown, path?: string];

/** Every object in a value, with its path as ValidationError spells paths (a.b.0.c). */
function objectsOf(value: unknown, path = ''): Array<{ path: string; object: Input }> {
  if (typeof value !== 'object' || value === null) return [];
  const inner = Object.entries(value).flatMap(([key, member]) =>
    objectsOf(member, path ? `${path}.${key}` : key),
  );
  return Array.isArray(value) ? inner : [{ path, object: value as Input }, ...inner];
}

function leavesOf(value: unknown, path = ''): Array<{ path: string; leaf: unknown }> {
  if (typeof value !== 'object' || value === null) return [{ path, leaf: value }];
  return Object.entries(value).flatMap(([key, member]) =>
    leavesOf(member, path ? `${path}.${key}` : key),
  );
}

/** A deep copy with `change` applied to the member at `path` (its parent object given). */
function changed(input: Input, path: string, change: (parent: Input, key: string) => void): Input {
  const copy = structuredClone(input);
  const keys = path === '' ? [] : path.split('.');
  let parent: Input = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Input;
  change(parent, keys.at(-1) ?? '');
  return copy;
}

/** Objects whose keys are data (factors, prices by item, calendars and targets by id): an extra key there is a new entry. */
const records = new Set(['factors', 'prices.materials', 'rules.calendars', 'rules.priorities']);

const generated: Case[] = valid.flatMap((base) => [
  ...objectsOf(base)
    .filter(({ path }) => !records.has(path))
    .map(({ path }): Case => [
      `${String(base.type)}: an unknown key in ${path || 'the command'}`,
      changed(base, path, (parent, key) => ((key ? (parent[key] as Input) : parent).bogus = 1)),
      path,
    ]),
  ...objectsOf(base).map(({ path }): Case => [
    `${String(base.type)}: an own __proto__ key in ${path || 'the command'}`,
    changed(base, path, (parent, key) =>
      Object.defineProperty(key ? parent[key] : parent, '__proto__', {
        value: { role: 'supervisor' },
        enumerable: true,
        configurable: true,
        writable: true,
      }),
    ),
    path ? `${path}.__proto__` : '__proto__',
  ]),
  ...leavesOf(base)
    .filter(({ path }) => path !== 'commandId')
    .map(({ path, leaf }): Case => [
      `${String(base.type)}: ${path} of the wrong type`,
      changed(
        base,
        path,
        (parent, key) =>
          (parent[key] =
            typeof leaf === 'string' ? 12345 : typeof leaf === 'number' ? String(leaf) : 'true'),
      ),
      path,
    ]),
  ...leavesOf(base)
    .filter(({ leaf }) => typeof leaf === 'string')
    .map(({ path, leaf }): Case => [
      `${String(base.type)}: a lone surrogate in ${path}`,
      changed(base, path, (parent, key) => (parent[key] = `${String(leaf)}\uD800`)),
      path,
    ]),
]);

const logCall = valid[0]!;
const bookTime = (minutes: unknown) =>
  command('BookTime', { call: 'C-000001', labourType: 'remote', minutes }, eve);
const circular: Input = command('AddFollowUp', { call: 'C-000001', text: 'x' }, ann);
circular.self = circular;

const byHand: Case[] = [
  // NaN and Infinity, through the library (JSON cannot carry them)
  ['BookTime minutes NaN', bookTime(Number.NaN), 'minutes'],
  ['BookTime minutes Infinity', bookTime(Number.POSITIVE_INFINITY), 'minutes'],
  [
    'SetPriority priority NaN',
    command('SetPriority', { call: 'C-000001', priority: Number.NaN }, ann),
    'priority',
  ],
  [
    'LogCall factor Infinity',
    { ...logCall, factors: { hardware: Number.POSITIVE_INFINITY } },
    'factors.hardware',
  ],
  [
    'BookCost amount -Infinity',
    command(
      'BookCost',
      {
        call: 'C-000001',
        category: 'expense',
        description: 'x',
        amount: { amount: Number.NEGATIVE_INFINITY, currency: 'EUR' },
      },
      eve,
    ),
    'amount.amount',
  ],
  [
    'RecordReading value NaN',
    command('RecordReading', { serialNumber: 'COP-1', meterId: 'copies', value: Number.NaN }),
    'value',
  ],
  [
    'SetCustomerPriorityFactor Infinity',
    command('SetCustomerPriorityFactor', { customerId: 'acme', factor: Number.POSITIVE_INFINITY }),
    'factor',
  ],
  [
    'AddCoverageLine share NaN',
    command('AddCoverageLine', {
      contractId: 'acme-1',
      service: 'remote-support',
      scope: { serialNumber: 'SRV-1' },
      share: Number.NaN,
    }),
    'share',
  ],
  // instants out of range, as strings and as Dates; instants without a zone
  ['at in year 0001', { ...logCall, at: '0001-01-01T00:00:00Z' }, 'at'],
  ['at a Date in year 99999', { ...logCall, at: new Date('+099999-01-01T00:00:00Z') }, 'at'],
  ['at a Date before 1970', { ...logCall, at: new Date(-1) }, 'at'],
  ['at an invalid Date', { ...logCall, at: new Date(Number.NaN) }, 'at'],
  ['at without a zone', { ...logCall, at: '2026-11-23T09:00:00' }, 'at'],
  ['at in words', { ...logCall, at: 'Nov 23 2026' }, 'at'],
  [
    'reportedAt before 1970 by its offset',
    { ...logCall, reportedAt: '1970-01-01T00:30:00+01:00' },
    'reportedAt',
  ],
  [
    'plannedStart the largest Date',
    command(
      'ScheduleOnSiteVisit',
      { call: 'C-000001', engineer: 'eve', plannedStart: new Date(8.64e15), plannedEnd: at },
      ann,
    ),
    'plannedStart',
  ],
  [
    'asOf past 9999',
    command('EscalateServiceLevel', {
      call: 'C-000001',
      asOf: new Date('+010000-01-01T00:00:00Z'),
    }),
    'asOf',
  ],
  [
    'effectiveFrom in year 0000',
    command('PublishPriceList', {
      priceListId: 'p',
      effectiveFrom: '0000-01-01T00:00:00Z',
      prices: { currency: 'EUR', labour: { remote: 1, 'on-site': 1, depot: 1, travel: 1 } },
    }),
    'effectiveFrom',
  ],
  [
    'receivedAt an invalid Date',
    command('SubmitRequest', {
      requestId: 'r2',
      channel: 'email',
      sender: { email: 'a@b.example' },
      summary: 's',
      body: 'b',
      receivedAt: new Date('nonsense'),
    }),
    'receivedAt',
  ],
  // a phone number with no digits recognises no one (B1) and reaches no one (A7)
  [
    'sender phone without digits',
    command('SubmitRequest', {
      requestId: 'r3',
      channel: 'phone',
      sender: { phone: '(.)' },
      summary: 's',
      body: 'b',
    }),
    'sender.phone',
  ],
  ['reporter phone without digits', { ...logCall, reporter: { phone: '-- --' } }, 'reporter.phone'],
  [
    'contact phone without digits',
    command('AddContact', { customerId: 'acme', contactId: 'c1', name: 'Carl', phone: '(...)' }),
    'phone',
  ],
  // negative and empty durations and quantities
  ['BookTime minutes negative', bookTime(-30), 'minutes'],
  ['BookTime minutes zero', bookTime(0), 'minutes'],
  ['BookTime minutes fractional', bookTime(1.5), 'minutes'],
  [
    'BookMaterial quantity negative',
    command('BookMaterial', { call: 'C-000001', item: 'toner', quantity: -1 }, eve),
    'quantity',
  ],
  [
    'SetThreshold hysteresis negative',
    command('SetThreshold', {
      serialNumber: 'COP-1',
      meterId: 'copies',
      thresholdId: 't',
      high: 10,
      hysteresis: -1,
    }),
    'hysteresis',
  ],
  [
    'rules responseMinutes negative',
    changed(valid[3]!, 'rules.priorities.2.responseMinutes', (parent, key) => (parent[key] = -60)),
    'rules.priorities.2.responseMinutes',
  ],
  // huge strings and arrays
  [
    'description over 10,000 characters',
    { ...logCall, description: 'x'.repeat(10_001) },
    'description',
  ],
  [
    'a 300 KB text',
    command('AddFollowUp', { call: 'C-000001', text: 'x'.repeat(300_000) }, ann),
    '',
  ],
  [
    'an id over 128 characters',
    { ...logCall, subject: { kind: 'customer', customerId: 'a'.repeat(129) } },
    'subject.customerId',
  ],
  [
    'a group of 1,001 members',
    command('DefineGroup', {
      groupId: 'g',
      name: 'G',
      kind: 'work',
      members: Array.from({ length: 1001 }, (_, i) => `m${i}`),
    }),
    'members',
  ],
  [
    '21 auto-accepted channels',
    command('SetInboxes', {
      mode: 'shared',
      autoAccept: Array.from({ length: 21 }, () => 'email'),
    }),
    'autoAccept',
  ],
  [
    'a million-element array in an unknown field',
    { ...logCall, padding: Array.from({ length: 1_000_000 }, () => 0) },
    '',
  ],
  // unknown and absent types; not objects
  ['an unknown type', command('FixEverything', {}), 'type'],
  ['type constructor', command('constructor', {}), 'type'],
  ['type __proto__', command('__proto__', {}), 'type'],
  ['type toString', command('toString', {}), 'type'],
  ['no type', { commandId: uuid(), actor: sam }, 'type'],
  ['null', null, ''],
  ['an array', [logCall], ''],
  ['a string', 'LogCall', ''],
  ['a circular object', circular, ''],
  ['a bigint', { ...logCall, priority: 1n }, ''],
  // objects that are not plain data: a Map reads as {}, a class's instance loses its members
  [
    'a Map for the item',
    {
      ...logCall,
      item: new Map([
        ['item', 'server'],
        ['serialNumber', 'SRV-1'],
      ]),
    },
    'item',
  ],
  ['a Set of factors', { ...logCall, factors: new Set(['hardware']) }, 'factors'],
  [
    'an instance of a class as the command',
    Object.assign(new URL('http://x.example'), logCall),
    '',
  ],
  // a name on more than one line: it would reach a mail header as the addressee's name
  [
    'a reporter name with a line break',
    { ...logCall, reporter: { name: 'Carl\r\nBcc: all@evil.example', email: 'carl@acme.example' } },
    'reporter.name',
  ],
  ['a reporter name with a NUL', { ...logCall, reporter: { name: 'Carl\u0000' } }, 'reporter.name'],
  // text that is not well-formed Unicode, where the generated cases do not put it
  ['a lone low surrogate first', { ...logCall, description: '\uDC00 boots' }, 'description'],
  [
    'a lone surrogate in a key',
    { ...logCall, factors: { 'hard\uD83Dware': 1.5 } },
    'factors.hard\uD83Dware',
  ],
  // the erased marker, which history holds where a person was forgotten, given as a live value
  ...(
    [
      ['LogCall', 'reporter.email', { reporter: { name: 'Carl', email: ERASED } }],
      ['LogCall', 'reporter.phone', { reporter: { name: 'Carl', phone: ERASED } }],
      ['LogCall', 'reporter.name', { reporter: { name: ERASED, email: 'carl@acme.example' } }],
    ] as const
  ).map(([type, path, fields]): Case => [
    `${type}: ${ERASED} as ${path}`,
    { ...logCall, ...fields },
    path,
  ]),
  ...(
    [
      ['email', 'AddIdentifier', { identifier: { kind: 'email', value: ERASED } }],
      ['phone', 'AddIdentifier', { identifier: { kind: 'phone', value: ERASED } }],
    ] as const
  ).map(([kind, type, fields]): Case => [
    `${type}: ${ERASED} as an ${kind}`,
    command(type, { customerId: 'acme', ...fields }),
    'identifier.value',
  ]),
  [
    `SubmitRequest: ${ERASED} as the sender's address`,
    { ...valid.find((base) => base.type === 'SubmitRequest')!, sender: { email: ERASED } },
    'sender.email',
  ],
  [
    `AddContact: ${ERASED} as the contact's address`,
    command('AddContact', {
      customerId: 'acme',
      contactId: 'claire',
      name: 'Claire',
      email: ERASED,
    }),
    'email',
  ],
  [
    `QueueNotification: ${ERASED} as the address`,
    command(
      'QueueNotification',
      {
        notificationId: uuid(),
        kind: 'call-closed',
        language: 'en',
        template: { id: 'call-closed/en', version: 1 },
        channel: 'email',
        to: ERASED,
        subject: 'Your call is closed',
        text: 'Hello',
      },
      { id: 'outbox', role: 'system' },
    ),
    'to',
  ],
  // ids named like the members of every object
  [
    'customerId constructor',
    { ...logCall, subject: { kind: 'customer', customerId: 'constructor' } },
    'subject.customerId',
  ],
  ['actor id toString', { ...logCall, actor: { id: 'toString', role: 'agent' } }, 'actor.id'],
  [
    'groupId hasOwnProperty',
    command('DefineGroup', { groupId: 'hasOwnProperty', name: 'G', kind: 'work' }),
    'groupId',
  ],
  // roles
  ['an unknown role', { ...logCall, actor: { id: 'x', role: 'king' } }, 'actor.role'],
  [
    'a customer assigning a call',
    command(
      'AssignCall',
      { call: 'C-000001', engineer: 'eve' },
      { id: 'c', role: 'customer', customerId: 'acme' },
    ),
  ],
  [
    'a call-taker resolving a call',
    command('ResolveCall', { call: 'C-000001', solution: 'x' }, { id: 'r', role: 'call-taker' }),
  ],
  [
    'an engineer registering a customer',
    command('RegisterCustomer', { customerId: 'x', name: 'X' }, eve),
  ],
  [
    'a customer publishing prices',
    { ...valid[4]!, actor: { id: 'c', role: 'customer', customerId: 'acme' } },
  ],
  ['an agent publishing service levels', { ...valid[3]!, actor: ann }],
];

const corpus: Case[] = [...byHand, ...generated];

function prototypeSnapshot() {
  const of = (target: object) =>
    Object.getOwnPropertyNames(target).map(
      (name) => [name, Object.getOwnPropertyDescriptor(target, name)!.value] as const,
    );
  return { prototype: of(Object.prototype), object: of(Object), function: of(Function.prototype) };
}

/** A store holding one call (C-000001), for each case on its own: one accepted case cannot mask the next. */
async function storeWithOneCall() {
  const callstream = new Callstream({
    customerValidation: false,
    clock: steppingClock('2026-11-23T09:00:00Z'),
  });
  await callstream.executeJson(
    command(
      'LogCall',
      {
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'acme' },
        description: 'x',
      },
      ann,
    ),
  );
  return callstream;
}

describe('a corpus of malformed commands', () => {
  const prototypes = prototypeSnapshot();

  it('is large, and every generated case starts from a valid command', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    for (const base of valid) expect(() => parseCommand(base), String(base.type)).not.toThrow();
  });

  it.each(corpus)(
    'refuses %s with a typed error, writes nothing, and leaves Object.prototype alone',
    async (_, input, expected) => {
      const path = expected as string | undefined;
      const callstream = await storeWithOneCall();
      const head = await callstream.store.headPosition();
      const error = await callstream.executeJson(input).catch((e: unknown) => e);
      expect(await callstream.store.headPosition()).toBe(head);
      if (path === undefined) expect(error).toBeInstanceOf(Forbidden);
      else {
        expect(error).toBeInstanceOf(ValidationError);
        const paths = (error as ValidationError).issues.map((issue) => issue.path);
        // The issue names the offending path, or an object around it (a union that matched no option).
        expect(
          paths.some(
            (at) =>
              at === path ||
              path.startsWith(`${at}.`) ||
              at.startsWith(`${path}.`) ||
              (at === '' && path === ''),
          ),
          `${paths.join(', ')} for ${path}`,
        ).toBe(true);
      }
      expect(prototypeSnapshot()).toEqual(prototypes);
    },
  );
});
