import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { CallCommandRequest } from '../../src/commands/requests.js';
import {
  agent,
  customer,
  events,
  given,
  inProcess,
  logCall,
  minutes,
  system,
} from '../support/call-spec.js';
import { staff } from '../support/pipeline.js';

/** Issue 14, items 8-10: the domain as the sources describe it. */
describe('the intake mode follows from who logs (A1, item 8)', () => {
  const callTaker = { id: 'rita', role: 'call-taker' as const };

  it('refuses a call-taker who only records logging a call in the knowledgeable mode', () => {
    given()
      .when({ ...logCall, actor: callTaker, intake: { mode: 'knowledgeable', channel: 'phone' } })
      .refuses('IntakeModeMismatch');
  });

  it('refuses knowledgeable staff logging in the recording mode, and self-service in any but electronic', () => {
    given()
      .when({ ...logCall, actor: agent, intake: { mode: 'recording', channel: 'phone' } })
      .refuses('IntakeModeMismatch');
    given()
      .when({ ...logCall, actor: customer, intake: { mode: 'knowledgeable', channel: 'web-form' } })
      .refuses('IntakeModeMismatch');
    given()
      .when({ ...logCall, actor: system, intake: { mode: 'recording', channel: 'email' } })
      .refuses('IntakeModeMismatch');
  });

  it('records a call-taker’s call as recorded', () => {
    given()
      .when({ ...logCall, actor: callTaker, intake: { mode: 'recording', channel: 'phone' } })
      .then(
        events.logged({ intake: { mode: 'recording', channel: 'phone' } }),
        events.prioritised(),
      );
  });
});

describe('back from second line, the call is dispatched as before (item 10)', () => {
  const transferred = {
    type: 'TransferredToSecondLine',
    data: { at: minutes(20), transferId: 'T1', supportCentre: 'experts', reason: 'x' },
  } as const;
  const before = given(...inProcess()).state!.dispatch;

  it('comes back to its group and engineer when second line returns it', () => {
    const returned = {
      type: 'SecondLineReturned',
      data: { at: minutes(30), transferId: 'T1', outcome: 'Flashed' },
    } as const;
    expect(before).toMatchObject({ engineer: expect.any(String) });
    expect(given(...inProcess(), transferred).state!.dispatch).toEqual({
      supportCentre: 'experts',
    });
    expect(given(...inProcess(), transferred, returned).state!.dispatch).toEqual(before);
  });

  it('comes back to them when the transfer is cancelled', () => {
    const cancelled = {
      type: 'TransferCancelled',
      data: { at: minutes(30), transferId: 'T1', reason: 'Not needed' },
    } as const;
    expect(given(...inProcess(), transferred, cancelled).state!.dispatch).toEqual(before);
  });

  it('keeps a dispatch given while it was at second line', () => {
    const reassigned = {
      type: 'CallAssigned',
      data: { at: minutes(25), group: 'servers-l2', reason: 'x' },
    } as const;
    const returned = {
      type: 'SecondLineReturned',
      data: { at: minutes(30), transferId: 'T1', outcome: 'Flashed' },
    } as const;
    expect(given(...inProcess(), transferred, reassigned, returned).state!.dispatch).toMatchObject({
      group: 'servers-l2',
    });
  });
});

describe('a reopened call goes to the default destination (A8, C2, item 9)', () => {
  it('given a default destination, the successor of a reopened call is assigned to it, not left unassigned', async () => {
    const callstream = await Callstream.open({ customerValidation: false });
    const run = (request: Record<string, unknown>) =>
      callstream.execute({ commandId: uuid(), actor: staff.sam, ...request } as CallCommandRequest);
    await run({ type: 'DefineGroup', groupId: 'dispatch', name: 'Dispatch', kind: 'work' });
    await run({ type: 'SetDefaultDestination', destination: { kind: 'group', id: 'dispatch' } });
    const logged = await run({
      type: 'LogCall',
      actor: staff.ann,
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme' },
      description: 'Printer offline',
    });
    expect(logged.state).toMatchObject({ status: 'Assigned', dispatch: { group: 'dispatch' } });
    await run({
      type: 'ResolveCall',
      actor: staff.ann,
      call: logged.number,
      solution: 'Restarted',
    });
    await run({ type: 'CloseCall', actor: staff.ann, call: logged.number });
    const reopened = await run({
      type: 'ReopenCall',
      actor: staff.carl,
      call: logged.number,
      reason: 'Offline again',
    });
    const successor = await callstream.call(reopened.successor!.number);
    expect(successor).toMatchObject({
      status: 'Assigned',
      dispatch: { group: 'dispatch' },
      badFix: true,
    });
    expect(callstream.board({ group: 'dispatch' }).map((row) => row.number)).toContain(
      reopened.successor!.number,
    );
  });
});
