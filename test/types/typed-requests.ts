/**
 * A type-level specification of `Callstream.execute`, compiled, never run: each line marked
 * `@ts-expect-error` must fail to compile (if it compiled, the directive itself would be the
 * error). `npm run typecheck` compiles it against the sources; the packed-package test
 * compiles it again in a strict consumer against the published declaration files, with the
 * import below pointing at 'callstream'.
 */
import {
  isAggregateResult,
  isCallResult,
  toJson,
  type Callstream,
  type CommandRequest,
  type CommandRequestOf,
  type CommandResult,
  type AggregateResult,
} from '../../src/index.js';

const supervisor = { id: 'sam', role: 'supervisor' } as const;
const commandId = '00000000-0000-4000-8000-000000000001';

export async function typedRequests(callstream: Callstream): Promise<string[]> {
  // Every aggregate's commands are in the union, each with its own fields.
  const customer = await callstream.execute({
    type: 'RegisterCustomer',
    commandId,
    actor: supervisor,
    customerId: 'acme',
    name: 'Acme',
  });
  const aggregate: string = customer.aggregate; // typed per command: an AggregateResult
  const logged = await callstream.execute({
    type: 'LogCall',
    commandId,
    actor: { id: 'ann', role: 'agent' },
    at: new Date(),
    intake: { mode: 'knowledgeable', channel: 'phone' },
    subject: { kind: 'customer', customerId: 'acme' },
    description: 'Printer jams',
  });
  const number: string = logged.number; // a call command's result: a CommandResult
  await callstream.execute({ type: 'BillCall', commandId, actor: supervisor, call: number });
  await callstream.execute({
    type: 'ForgetPerson',
    commandId,
    actor: { id: 'dpo', role: 'privacy-officer' },
    person: `requester:${logged.callId}`,
    reason: 'ticket 42',
  });

  // A command built elsewhere, typed by the union: its result is one of the two.
  const anyCommand: CommandRequest = {
    type: 'CloseCall',
    commandId,
    actor: supervisor,
    call: number,
  };
  const result: CommandResult | AggregateResult = await callstream.execute(anyCommand);
  const callNumber = isCallResult(result) ? result.number : undefined;
  const aggregateName = isAggregateResult(result) ? result.aggregate : undefined;
  const assign: CommandRequestOf<'AssignCall'> = {
    type: 'AssignCall',
    commandId,
    actor: supervisor,
    call: number,
    group: 'servers-l1',
  };
  await callstream.execute(assign);

  await callstream.execute({
    // @ts-expect-error a misspelt command type
    type: 'RegisterCustomr',
    commandId,
    actor: supervisor,
    customerId: 'acme',
    name: 'Acme',
  });
  await callstream.execute({
    type: 'RegisterCustomer',
    commandId,
    actor: supervisor,
    customerId: 'acme',
    // @ts-expect-error a misspelt field
    nmae: 'Acme',
  });
  await callstream.execute({
    type: 'AssignCall',
    commandId,
    actor: supervisor,
    call: number,
    // @ts-expect-error a misspelt optional field is not silently ignored either
    grop: 'servers-l1',
  });
  // @ts-expect-error a required field missing (the customer's name)
  await callstream.execute({
    type: 'RegisterCustomer',
    commandId,
    actor: supervisor,
    customerId: 'acme',
  });
  await callstream.execute({
    type: 'RegisterCustomer',
    commandId,
    // @ts-expect-error a role that does not exist
    actor: { id: 'root', role: 'admin' },
    customerId: 'acme',
    name: 'Acme',
  });
  await callstream.execute({
    type: 'SetPriority',
    commandId,
    actor: supervisor,
    call: number,
    // @ts-expect-error a field of the wrong type
    priority: 'high',
  });
  // @ts-expect-error a call command's result is no aggregate's
  const wrong: string = logged.aggregate;
  // @ts-expect-error untyped input goes through executeJson, not execute
  await callstream.execute(JSON.parse('{}') as unknown);
  const fromJson = await callstream.executeJson(JSON.parse('{}') as unknown);

  return [aggregate, number, callNumber ?? '', aggregateName ?? '', wrong, toJson(fromJson)];
}
