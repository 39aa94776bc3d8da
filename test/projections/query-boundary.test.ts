import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { logCallRequest } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * The queries' boundary: what a library caller passes to a query is checked as a command's
 * input is, on every store; a limit that is no whole number of rows, a filter value outside
 * its domain or an invalid Date is a ValidationError naming it, never an SQLite error, a
 * silently shortened answer or the present passed off as the past.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

async function withCalls(file?: string) {
  const callstream = await Callstream.open({
    customerValidation: false,
    ...(file ? { file } : {}),
  });
  const numbers: string[] = [];
  for (const description of ['Printer jams', 'Scanner offline', 'Server down']) {
    const logged = await callstream.execute(
      logCallRequest({ at: '2026-11-23T09:00:00Z', description }),
    );
    numbers.push(logged.number);
  }
  return { callstream, numbers };
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a refusal');
};
const asyncRefusal = (run: () => Promise<unknown>) =>
  run().then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as { code?: string; message: string },
  );

describe.each([
  ['memory', undefined],
  ['SQLite', 'queries.db'],
])('the queries’ boundary (%s)', (_store, name) => {
  it('refuses a limit that is no whole number of rows, and keeps 0 and a whole limit', async () => {
    const { callstream } = await withCalls(name && `${tmp.dir}/${name}`);
    for (const limit of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const query of [
        () => callstream.board({ limit }),
        () => callstream.history({ limit }),
        () => callstream.inbox({ limit }),
      ]) {
        const error = refusal(query);
        expect(error.code, String(limit)).toBe('ValidationError');
        expect(error.message).toMatch(/^Invalid (board|history|inbox) query: limit: /);
      }
    }
    expect(callstream.board({ limit: 0 })).toEqual([]);
    expect(callstream.board({ limit: 2 })).toHaveLength(2);
    expect(callstream.board()).toHaveLength(3);
    await callstream.close();
  });

  it('refuses filter values outside their domain and keys no query has', async () => {
    const { callstream } = await withCalls(name && `${tmp.dir}/x-${name}`);
    for (const query of [{ priority: 0 }, { priority: 10 }, { status: 'Lost' }, { limt: 2 }]) {
      const error = refusal(() => callstream.board(query as never));
      expect(error.code, JSON.stringify(query)).toBe('ValidationError');
    }
    // What a filter may be is named, as the CLI names it.
    expect(refusal(() => callstream.board({ status: 'Lost' as never })).message).toBe(
      'Invalid board query: status: expected one of Registered, Assigned, InProcess, Transferred, Solved, Accepted, Closed, Archived, or a list of them',
    );
    for (const priority of [10, [1, 10], 1.5])
      expect(refusal(() => callstream.board({ priority })).message).toBe(
        'Invalid board query: priority: expected a priority, a whole number from 1 to 9, or a list of them',
      );
    expect(refusal(() => callstream.board({ group: ['l1', ''] })).message).toBe(
      'Invalid board query: group: expected a group id, or a list of them',
    );
    expect(refusal(() => callstream.inbox({ status: 'pending' as never })).code).toBe(
      'ValidationError',
    );
    expect(callstream.board({ priority: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toHaveLength(3);
    // A share of 1 is at risk only when breached: the rules and the CLI take it too.
    expect(
      callstream.board({ asOf: new Date('2026-11-23T10:00:00Z'), atRiskShare: 1 }),
    ).toHaveLength(3);
    expect(refusal(() => callstream.board({ atRiskShare: 1.5 })).code).toBe('ValidationError');
    await callstream.close();
  });

  it('refuses an invalid Date wherever a query is asked as of an instant, instead of answering now', async () => {
    const { callstream, numbers } = await withCalls(name && `${tmp.dir}/d-${name}`);
    const invalid = new Date('not a date');
    const refusals = [
      [await asyncRefusal(() => callstream.call(numbers[0]!, invalid)), 'call query: asOf'],
      [await asyncRefusal(() => callstream.log(numbers[0]!, { asOf: invalid })), 'log query: asOf'],
      [await asyncRefusal(() => callstream.boardAsOf(invalid)), 'board query: asOf'],
      [
        await asyncRefusal(() => callstream.serviceLevelStatistics(invalid)),
        'statistics query: asOf',
      ],
      [refusal(() => callstream.analytics('purpose', { from: invalid })), 'analytics query: from'],
    ] as const;
    for (const [error, what] of refusals) {
      expect(error.code).toBe('ValidationError');
      expect(error.message).toBe(`Invalid ${what}: an invalid Date: it holds no time`);
    }
    // A period that ends before it begins is a mistake, not an empty report.
    const [from, to] = [new Date('2026-11-05T00:00:00Z'), new Date('2026-11-04T00:00:00Z')];
    for (const [reversed, query] of [
      [refusal(() => callstream.analytics('purpose', { from, to })), 'analytics'],
      [refusal(() => callstream.billingTotals('contract', { from, to })), 'billing'],
      [refusal(() => callstream.suggestionQuality({ from, to })), 'suggestion quality'],
      [
        await asyncRefusal(() => callstream.serviceLevelStatistics(from, 'group', { from, to })),
        'statistics',
      ],
    ] as const)
      expect(reversed.message).toBe(
        `Invalid ${query} query: to: ends before it begins (to is before from)`,
      );
    expect(callstream.analytics('purpose', { from, to: from })).toEqual({});
    // A valid instant before the calls: the call did not exist then.
    const before = await asyncRefusal(() =>
      callstream.call(numbers[0]!, new Date('2026-11-01T00:00:00Z')),
    );
    expect(before.code).toBe('CallNotFound');
    await callstream.close();
  });
});

describe.each([
  ['memory', undefined],
  ['SQLite', 'arguments.db'],
])('every argument of the library’s queries and processes (%s)', (_store, name) => {
  const at = new Date('2026-11-23T12:00:00Z');
  const invalid = new Date('not a date');

  it('refuses a dimension a report does not group by, a value of the wrong type and a misspelt option', async () => {
    const { callstream, numbers } = await withCalls(name && `${tmp.dir}/q-${name}`);
    const [number] = numbers as [string];
    // An inherited name groups every call under one key ("[object Object]") if let through.
    const refusals: Array<[() => unknown, string]> = [
      [() => callstream.analytics('toString' as never), 'analytics query: by: '],
      [() => callstream.billingTotals('month' as never), 'billing query: by: '],
      [
        () => callstream.serviceLevelStatistics(at, 'constructor' as never),
        'statistics query: by: ',
      ],
      [() => callstream.summary(5 as never), 'call query: reference: '],
      [() => callstream.summary(number, invalid), 'call query: asOf: '],
      [() => callstream.invoice(undefined as never), 'call query: reference: '],
      [() => callstream.call('', at), 'call query: reference: '],
      [() => callstream.log(number, { asof: at } as never), 'log query: (root): Unrecognized key'],
      [() => callstream.agenda(5 as never, '2026-W48'), 'agenda query: engineer: '],
      [() => callstream.routeWhatIf('1' as never), 'routing what-if query: version: '],
      [() => callstream.whatIf('built-in', 1.5, { asOf: at }), 'what-if query: version: '],
      [() => callstream.whatIf('built-in', 1, { asOf: invalid }), 'what-if query: asOf: '],
      [() => callstream.allowanceUse(5 as never), 'billing query: contractId: '],
      [() => callstream.solutions({ text: 5 as never }), 'solution query: text: '],
      [() => callstream.solutions({ text: 'jam', limit: -1 }), 'solution query: limit: '],
      [() => callstream.suggest(number, { limit: Number.NaN }), 'suggestion query: limit: '],
      [
        () => callstream.suggestionQuality({ from: at } as never),
        'suggestion quality query: to: expected a Date',
      ],
      [() => callstream.serviceReport({ from: invalid }), 'service report query: from: '],
      [() => callstream.serviceReport({ weeks: 0 }), 'service report query: weeks: '],
      [() => callstream.serviceReport({ weeks: 2.5 }), 'service report query: weeks: '],
      [() => callstream.serviceReport({ to: 5 as never }), 'service report query: to: '],
      [() => callstream.serviceReport({ from: at, weeks: 4 }), 'service report query: weeks: give'],
      [() => callstream.serviceReport({ week: 4 } as never), 'service report query: (root): '],
    ];
    for (const [query, message] of refusals) {
      const error = await asyncRefusal(async () => query());
      expect(error.code, message).toBe('ValidationError');
      expect(error.message).toContain(`Invalid ${message}`);
    }
    // The same queries with their arguments right still answer.
    expect(callstream.analytics('purpose')).toBeDefined();
    expect(callstream.serviceReport({ weeks: 4, to: at }).backlog).toHaveLength(4);
    expect((await callstream.summary(number))?.number).toBe(number);
    expect((await callstream.summary(number, at))?.number).toBe(number);
    await callstream.close();
  });

  it('never shows the staff’s log to an audience it does not know', async () => {
    const { callstream, numbers } = await withCalls(name && `${tmp.dir}/a-${name}`);
    const [number] = numbers as [string];
    for (const audience of ['Customer', 'public', ''])
      expect(
        (await asyncRefusal(() => callstream.log(number, { audience } as never))).message,
      ).toMatch(/^Invalid log query: audience: /);
    const internal = await callstream.log(number);
    const customer = await callstream.log(number, { audience: 'customer' });
    expect(customer.length).toBeGreaterThan(0);
    expect(customer).not.toEqual(internal);
    await callstream.close();
  });

  it('refuses a process’s wrong instant, actor or option before it reads or writes anything', async () => {
    const { callstream } = await withCalls(name && `${tmp.dir}/p-${name}`);
    const head = await callstream.store.headPosition();
    const god = { id: 'root', role: 'god' } as never;
    const refusals: Array<[() => Promise<unknown>, string]> = [
      [() => callstream.escalate(invalid), 'escalation: asOf: an invalid Date'],
      [() => callstream.escalate('2026-11-23' as never), 'escalation: asOf: expected a Date'],
      [() => callstream.escalate(at, god), 'escalation: actor.role: '],
      [() => callstream.escalate(at, undefined, { knownBy: 5 } as never), 'escalation: knownBy: '],
      [() => callstream.runBilling({ issue: 'yes' } as never), 'billing run: issue: '],
      [() => callstream.runBilling({ actor: god }), 'billing run: actor.role: '],
      [() => callstream.runBilling({ at: invalid }), 'billing run: at: an invalid Date'],
      [() => callstream.runPlanner(invalid), 'planner run: until: an invalid Date'],
      [() => callstream.runPlanner(at, { fromstart: true } as never), 'planner run: (root): '],
      [() => callstream.duePlannedWork(invalid), 'planner dry run: until: '],
      [() => callstream.duePlannedWork(at, { dueTime: 8 } as never), 'planner dry run: dueTime: '],
      [() => callstream.duePlannedWork(at, { dueTime: '24:00' }), 'planner dry run: dueTime: '],
      [() => callstream.runPlanner(at, { timeZone: 'Mars/Base' }), 'planner run: timeZone: '],
      [() => callstream.handleDeviceEvents({ timeZone: 'CET ' }), 'device events run: timeZone: '],
      [() => callstream.handleDeviceEvents({ actor: god }), 'device events run: actor.role: '],
      [() => callstream.queueNotifications({ knownBy: 1 } as never), 'notification run: knownBy: '],
      [() => callstream.exportPerson(5 as never), 'person export: person: '],
      [() => callstream.verifyHistory({ pageSize: 0 }), 'history verification: pageSize: '],
      [() => callstream.sealHistory({ now: invalid }), 'history seal: now: '],
    ];
    for (const [run, message] of refusals) {
      const error = await asyncRefusal(run);
      expect(error.code, message).toBe('ValidationError');
      expect(error.message).toContain(`Invalid ${message}`);
    }
    expect(await callstream.store.headPosition()).toBe(head);
    // The same processes with their arguments right still run.
    expect((await callstream.escalate(at)).calls).toBe(3);
    expect((await callstream.verifyHistory({ pageSize: 2 })).intact).toBe(true);
    await callstream.close();
  });
});

describe('read-model stores: a limit reaches SQL only as a whole number of rows', () => {
  it.each([
    ['memory', () => new MemoryReadModelStore()],
    ['SQLite', () => new SqliteReadModelStore(':memory:')],
  ])('%s refuses NaN, Infinity, negative and fractional limits and bounds alike', (_name, open) => {
    const store = open();
    store.ensureCollections({
      name: 'p',
      version: 1,
      collections: { c: { indexes: [['kind', 'due']] } },
      eventTypes: new Set(),
      apply: () => undefined,
    });
    for (const limit of [Number.NaN, Number.POSITIVE_INFINITY, -1, 0.5]) {
      expect(() => store.find('p', 'c', { kind: 'a' }, { limit, orderBy: 'due' })).toThrow(
        /limit must be a whole number of rows, 0 or more/,
      );
      expect(() => store.count('p', 'c', { kind: 'a' }, { upTo: limit })).toThrow(
        /upTo must be a whole number of rows, 0 or more/,
      );
    }
    expect(store.find('p', 'c', { kind: 'a' }, { limit: 0, orderBy: 'due' })).toEqual([]);
  });
});
