import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { DomainError } from '../../src/domain/index.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { callAction, type CallAction } from './arbitraries.js';
import { steppingClock } from './clock.js';
import { logCallRequest, staff } from './pipeline.js';

/** A random history: which of a few calls each action goes to. */
export const history = fc.array(fc.tuple(fc.nat({ max: 3 }), callAction), {
  minLength: 1,
  maxLength: 60,
  size: 'max',
});

const customers = ['acme', 'globex', 'initech'];
const serials = ['SRV-1', 'SRV-2', 'PC-7'];

/**
 * Logs four calls and drives them through the random actions; refusals are part of life.
 * `logged` adds to the LogCall of each (its index): when it was reported, say.
 */
export async function play(
  callstream: Callstream,
  actions: ReadonlyArray<readonly [number, CallAction]>,
  logged: (index: number) => NonNullable<Parameters<typeof logCallRequest>[0]> = () => ({}),
): Promise<string[]> {
  const calls: string[] = [];
  for (let i = 0; i < 4; i++) {
    const customerId = customers[i % customers.length]!;
    const result = await callstream.execute(
      logCallRequest({
        actor: staff.ann,
        subject: { kind: 'customer', customerId, siteId: 'paris' },
        item: { item: 'server-x', serialNumber: serials[i % serials.length]! },
        ...logged(i),
      }),
    );
    calls.push(result.callId);
  }
  for (const [index, action] of actions) {
    const actor =
      action.actor.role === 'customer'
        ? { ...action.actor, customerId: customers[index % customers.length]! }
        : action.actor;
    try {
      await callstream.execute({ ...action, actor, commandId: uuid(), call: calls[index]! });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return calls;
}

/** A callstream (stepping clock, no customer check) on fresh read models, for the body; then closed and removed. */
export async function onReadModels(
  open: () => { readModels: ReadModelStore; dispose(): void },
  body: (callstream: Callstream, readModels: ReadModelStore) => Promise<void>,
): Promise<void> {
  const { readModels, dispose } = open();
  const callstream = new Callstream({
    customerValidation: false,
    readModels,
    clock: steppingClock(),
  });
  try {
    await body(callstream, readModels);
  } finally {
    await callstream.close();
    dispose();
  }
}
