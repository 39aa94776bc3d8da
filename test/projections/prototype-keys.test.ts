import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { ValidationError } from '../../src/commands/errors.js';
import {
  builtInServiceLevels,
  inheritedNames,
  whatIf,
  type ServiceLevelVersion,
} from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { JsonObject, JsonValue } from '../../src/store/port.js';
import { steppingClock } from '../support/clock.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

/** Every name Object and Object.prototype own, with each member's value: what a report could overwrite. */
function prototypeSnapshot() {
  const of = (target: object) =>
    Object.getOwnPropertyNames(target).map(
      (name) => [name, Object.getOwnPropertyDescriptor(target, name)!.value] as const,
    );
  return { prototype: of(Object.prototype), object: of(Object) };
}

const dangerous = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];
const before = prototypeSnapshot();
afterEach(() => expect(prototypeSnapshot()).toEqual(before));

/**
 * A history written before ids were checked: one real call (customer acme, purpose hardware,
 * group servers-l1), copied once per dangerous id with that id in each of those places.
 */
async function historyWithDangerousIds() {
  const source = new Callstream({
    customerValidation: false,
    clock: steppingClock('2026-11-23T09:00:00Z', 60_000),
  });
  const logged = await source.execute(
    logCallRequest({
      reportedAt: '2026-11-23T09:00:00Z',
      subject: { kind: 'customer', customerId: 'acme' },
    }),
  );
  await source.execute(command({ type: 'ClassifyCall', call: logged.number, purpose: 'hardware' }));
  await source.execute(
    command({ type: 'AssignCall', call: logged.number, group: 'servers-l1', engineer: 'eve' }),
  );
  await source.execute(
    command({
      type: 'BookTime',
      actor: staff.eve,
      call: logged.number,
      labourType: 'remote',
      minutes: 30,
    }),
  );
  const recorded = [];
  for await (const event of source.store.readAll())
    if (event.streamName === `call-${logged.callId}`) recorded.push(event);
  const store = new MemoryEventStore();
  const callIds = dangerous.map(() => uuid());
  for (const [i, name] of dangerous.entries()) {
    const callId = callIds[i]!;
    const rewrite = (value: JsonValue): JsonValue =>
      JSON.parse(
        JSON.stringify(value)
          .replaceAll(logged.callId, callId)
          .replaceAll(logged.number, `C-00090${i}`)
          .replaceAll('"acme"', JSON.stringify(name))
          .replaceAll('"hardware"', JSON.stringify(name))
          .replaceAll('"servers-l1"', JSON.stringify(name)),
      ) as JsonValue;
    await store.appendToStream(
      `call-${callId}`,
      recorded.map((event) => ({
        id: uuid(),
        type: event.type,
        data: rewrite(event.data),
        metadata: rewrite(event.metadata) as JsonObject,
      })),
      { expectedRevision: 'no_stream' },
    );
  }
  const callstream = new Callstream({ store, customerValidation: false, projectionMode: 'manual' });
  await callstream.catchUp();
  return { callstream, callIds };
}

describe('ids named like the members every object has', () => {
  it('are refused as new ids by commands, with the reason', async () => {
    const callstream = new Callstream({ customerValidation: false });
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const error = await callstream
        .execute(logCallRequest({ subject: { kind: 'customer', customerId: name } }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        expect.objectContaining({
          path: 'subject.customerId',
          message: expect.stringContaining('Not a name every object has'),
        }),
      ]);
    }
    expect(inheritedNames).toEqual(
      expect.arrayContaining(['constructor', 'toString', 'valueOf', 'hasOwnProperty']),
    );
    expect(await callstream.store.headPosition()).toBeUndefined();
  });

  it('count like any other id in analytics, service-level statistics and what-if reports, and Object.prototype is untouched', async () => {
    const { callstream, callIds } = await historyWithDangerousIds();
    // The group as the booking names it, too: work counts for the group it was booked in.
    for (const by of ['customer', 'purpose', 'group'] as const) {
      const rows = callstream.analytics(by);
      for (const name of dangerous) {
        expect(Object.hasOwn(rows, name)).toBe(true);
        expect(rows[name]).toMatchObject({ calls: 1, minutes: 30 });
      }
    }
    for (const by of ['customer', 'group'] as const) {
      const tallies = await callstream.serviceLevelStatistics(new Date('2026-11-30T00:00:00Z'), by);
      for (const name of dangerous)
        expect(Object.hasOwn(tallies, name) && tallies[name]!.calls).toBe(1);
    }
    const lenient: ServiceLevelVersion = {
      ...builtInServiceLevels,
      version: 2,
      rules: {
        ...builtInServiceLevels.rules,
        priorities: Object.fromEntries(
          Object.entries(builtInServiceLevels.rules.priorities).map(([p, t]) => [
            p,
            { ...t, responseMinutes: 300_000, resolutionMinutes: 300_000 },
          ]),
        ),
      },
    };
    const calls = await Promise.all(
      callIds.map(async (callId) => ({
        call: await callstream.call(callId),
        recorded: builtInServiceLevels,
      })),
    );
    const report = whatIf(calls, lenient, new Date('2026-11-30T00:00:00Z'));
    for (const name of dangerous)
      expect(Object.hasOwn(report.byCustomer, name) && report.byCustomer[name]).toEqual({
        gained: 0,
        lost: 2,
      });
  });
});
