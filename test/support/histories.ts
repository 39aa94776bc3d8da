import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { DomainError } from '../../src/domain/index.js';
import { callAction, type CallAction } from './arbitraries.js';
import { logCallRequest, staff } from './pipeline.js';

/** A random history: which of a few calls each action goes to. */
export const history = fc.array(fc.tuple(fc.nat({ max: 3 }), callAction), {
  minLength: 1,
  maxLength: 60,
});

const customers = ['acme', 'globex', 'initech'];
const serials = ['SRV-1', 'SRV-2', 'PC-7'];

/** Logs four calls and drives them through the random actions; refusals are part of life. */
export async function play(
  callstream: Callstream,
  actions: ReadonlyArray<readonly [number, CallAction]>,
): Promise<string[]> {
  const calls: string[] = [];
  for (let i = 0; i < 4; i++) {
    const customerId = customers[i % customers.length]!;
    const result = await callstream.execute(
      logCallRequest({
        actor: staff.ann,
        subject: { kind: 'customer', customerId, siteId: 'paris' },
        item: { item: 'server-x', serialNumber: serials[i % serials.length]! },
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
