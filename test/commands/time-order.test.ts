import { beforeAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { registeredAggregates } from '../../src/commands/aggregates.js';
import {
  customerDecider,
  customerStreamName,
  DomainError,
  type Actor,
} from '../../src/domain/index.js';
import { collect } from '../store/contract.js';
import { command, staff, testPipeline } from '../support/pipeline.js';
import { commandCatalogue } from '../support/command-catalogue.js';

/**
 * Every stream's log runs forward in time (domain/shared/time-order.ts): a command dated before
 * the last change to the stream it decides on is refused (OutOfOrder) and writes nothing, for
 * every aggregate, not only the call. An as-of reading folds a stream until its first change
 * dated after the instant, so a change dated back would be missing from some as-of readings.
 */
const sam: Actor = { id: 'sam', role: 'supervisor' };

describe('every aggregate refuses a command dated before its stream’s last change', () => {
  it('in the domain: each aggregate’s decider, for each of its command types', () => {
    const at = new Date('2026-11-23T09:59:00Z');
    const previousAt = new Date('2026-11-23T10:00:00Z');
    const unrefused: string[] = [];
    for (const registered of registeredAggregates)
      registered.use((aggregate) => {
        for (const type of Object.keys(aggregate.commandSchemas)) {
          const command = { type, at, actor: sam, previousAt } as never;
          try {
            aggregate.decider.decide(command, aggregate.decider.initialState());
            unrefused.push(`${aggregate.name} ${type}: decided`);
          } catch (error) {
            if (!(error instanceof DomainError) || error.code !== 'OutOfOrder')
              unrefused.push(`${aggregate.name} ${type}: ${String(error)}`);
          }
        }
      });
    expect(unrefused).toEqual([]);
  });

  it('and the same instant as the last change is in order', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const events = customerDecider.decide(
      {
        type: 'RegisterCustomer',
        customerId: 'acme',
        name: 'Acme',
        at,
        actor: sam,
        previousAt: at,
      },
      customerDecider.initialState(),
    );
    expect(events.map((event) => event.type)).toEqual(['CustomerRegistered']);
  });
});

describe('through the pipeline, over the command catalogue', () => {
  const catalogue = commandCatalogue();
  let callstream: Callstream;

  beforeAll(async () => {
    callstream = await Callstream.open();
    for (const { command } of catalogue) await callstream.executeJson(command);
  }, 120_000);

  it('each command sent again under a new id, dated before the story began, is refused as out of order and writes nothing', async () => {
    const head = await callstream.store.headPosition();
    const outcomes = new Map<string, string>();
    // A LogCall under a new id logs another call: a new stream, with no change to come before.
    for (const { command } of catalogue.filter((entry) => entry.command.type !== 'LogCall')) {
      const backdated = {
        ...command,
        commandId: crypto.randomUUID(),
        at: '2026-11-22T08:00:00.000Z',
      };
      const outcome = await callstream.executeJson(backdated).then(
        () => 'written',
        (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
      );
      if (outcome !== 'OutOfOrder') outcomes.set(command.type, outcome);
    }
    // A submission's request exists only once it was received: that is the answer it gets.
    expect(Object.fromEntries(outcomes)).toEqual({ SubmitRequest: 'RequestAlreadyReceived' });
    expect(await callstream.store.headPosition()).toBe(head);
  });
});

describe('a command without `at`', () => {
  it('stamped before a change another writer dated later, is stamped again instead of refused', async () => {
    // The clock's first reading (10:00) is before the customer's registration (10:01, as
    // another process may have committed it); read again, 10:05.
    const stamps = ['2026-11-23T10:00:00Z', '2026-11-23T10:05:00Z'];
    const { pipeline, store } = testPipeline({
      clock: () => new Date(stamps.length > 1 ? stamps.shift()! : stamps[0]!),
    });
    await pipeline.execute(
      command({
        type: 'RegisterCustomer',
        customerId: 'acme',
        name: 'Acme',
        actor: staff.sam,
        at: '2026-11-23T10:01:00Z',
      }),
    );
    await pipeline.execute(
      command({
        type: 'AddIdentifier',
        customerId: 'acme',
        identifier: { kind: 'email', value: 'desk@acme.example' },
        actor: staff.sam,
      }),
    );
    const stored = await collect(store.readStream(customerStreamName('acme')));
    expect(stored.map((event) => [event.type, event.metadata.occurredAt])).toEqual([
      ['CustomerRegistered', '2026-11-23T10:01:00.000Z'],
      ['IdentifierAdded', '2026-11-23T10:05:00.000Z'],
    ]);
  });
});
