import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import {
  Callstream,
  commandTypes,
  isAggregateResult,
  isCallResult,
  jsonSchemas,
  toJson,
  ValidationError,
  type AggregateResult,
  type CommandResult,
  type CommandResultOf,
  type CommandType,
} from '../../src/index.js';

/**
 * What the package entry gives for typed use (test/types/typed-requests.ts holds what must not
 * compile): results typed per command and told apart at run time, results as JSON, the JSON
 * Schema of every command, and executeJson for input that is not typed.
 */
let callstream: Callstream | undefined;
afterEach(async () => {
  await callstream?.close();
  callstream = undefined;
});

const sam = { id: 'sam', role: 'supervisor' } as const;

describe('typed requests and results', () => {
  it('types each result by its command, and the guards tell them apart at run time', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    const registered = await callstream.execute({
      type: 'RegisterCustomer',
      commandId: uuid(),
      actor: sam,
      customerId: 'acme',
      name: 'Acme',
    });
    expectTypeOf(registered).toEqualTypeOf<AggregateResult>();
    const logged = await callstream.execute({
      type: 'LogCall',
      commandId: uuid(),
      actor: { id: 'ann', role: 'agent' },
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme' },
      description: 'Printer jams',
    });
    expectTypeOf(logged).toEqualTypeOf<CommandResult>();
    expectTypeOf<CommandResultOf<'BillCall'>>().toEqualTypeOf<AggregateResult>();
    expect(isCallResult(logged)).toBe(true);
    expect(isAggregateResult(logged)).toBe(false);
    expect(isAggregateResult(registered)).toBe(true);
    expect(isCallResult(registered)).toBe(false);
    expect(logged.number).toBe('C-000001');
    // Revisions and positions are bigints: toJson writes them as decimal strings.
    expect(() => JSON.stringify(logged)).toThrow(TypeError);
    expect(JSON.parse(toJson(logged))).toMatchObject({
      number: 'C-000001',
      revision: logged.revision.toString(),
    });
  });

  it('executeJson validates untyped input by the same schemas, writing nothing when it is wrong', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    const input: unknown = JSON.parse(
      JSON.stringify({
        type: 'RegisterCustomer',
        commandId: uuid(),
        actor: sam,
        customerId: 'acme',
        nmae: 'Acme',
      }),
    );
    await expect(callstream.executeJson(input)).rejects.toBeInstanceOf(ValidationError);
    expect(await callstream.store.headPosition()).toBeUndefined();
  });

  it('has a JSON Schema for every command type the union names', () => {
    const schemas = jsonSchemas();
    expect(Object.keys(schemas.commands).sort()).toEqual([...commandTypes].sort());
    // The aggregates' commands are in the union beside the call's.
    expectTypeOf<
      'RegisterCustomer' | 'LogCall' | 'ForgetPerson' | 'RecordReading'
    >().toExtend<CommandType>();
    expect(commandTypes).toEqual(
      expect.arrayContaining(['RegisterCustomer', 'LogCall', 'ForgetPerson', 'RecordReading']),
    );
  });
});
