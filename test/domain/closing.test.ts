import { describe, it } from 'vitest';
import { closedCall, customer, events, given, inProcess, minutes } from '../support/call-spec.js';

const at = minutes(100);
const successor = { callId: '5d8e9f00-1111-4222-8333-944455556666', number: 'C-000043' };

describe('ResolveCall (D1)', () => {
  it('resolves with the solution', () => {
    given(...inProcess())
      .when({ type: 'ResolveCall', solution: 'Replaced the power supply' })
      .then({
        type: 'CallResolved',
        data: { at, by: 'ann', solution: 'Replaced the power supply' },
      });
  });

  it('lets a knowledgeable call-taker solve a call at once (A1c)', () => {
    given(events.logged(), events.prioritised())
      .when({ type: 'ResolveCall', solution: 'Restarted' })
      .then({ type: 'CallResolved', data: { at, by: 'ann', solution: 'Restarted' } });
  });

  it('ends an open second-line transfer when second line solves the call', () => {
    given(...inProcess(), {
      type: 'TransferredToSecondLine',
      data: { at: minutes(20), transferId: 'T1', supportCentre: 'experts', reason: 'x' },
    })
      .when({ type: 'ResolveCall', solution: 'Firmware 2.1' })
      .then(
        {
          type: 'SecondLineReturned',
          data: { at, transferId: 'T1', outcome: 'Solved: Firmware 2.1' },
        },
        { type: 'CallResolved', data: { at, by: 'ann', solution: 'Firmware 2.1' } },
      );
  });

  it('refuses while an on-site visit, RMA or subcontract is open, while on hold, and once archived', () => {
    given(...inProcess(), events.rmaAuthorised())
      .when({ type: 'ResolveCall', solution: 'x' })
      .refuses('OpenTransfers', /depot-repair T1 is authorised/);
    given(...inProcess(), { type: 'CallPutOnHold', data: { at: minutes(20), reason: 'Waiting' } })
      .when({ type: 'ResolveCall', solution: 'x' })
      .refuses('CallOnHold');
    given(...closedCall(), events.archived())
      .when({ type: 'ResolveCall', solution: 'x' })
      .refuses('InvalidTransition', /Archived/);
  });
});

describe('AcceptSolution / RejectSolution (D3)', () => {
  it('records the customer’s acceptance', () => {
    given(...inProcess(), events.resolved())
      .when({ type: 'AcceptSolution', actor: customer, note: 'Works fine' })
      .then({ type: 'SolutionAccepted', data: { at, by: 'contact-1', note: 'Works fine' } });
  });

  it('sends a rejected solution back to work', () => {
    given(...inProcess(), events.resolved())
      .when({ type: 'RejectSolution', actor: customer, reason: 'Still no boot' })
      .then({ type: 'SolutionRejected', data: { at, by: 'contact-1', reason: 'Still no boot' } });
  });

  it('refuses acceptance before resolution', () => {
    given(...inProcess())
      .when({ type: 'AcceptSolution', actor: customer })
      .refuses('InvalidTransition', /accept the solution of call C-000042: it is InProcess/);
  });
});

describe('CloseCall / CancelCall / ArchiveCall (D5)', () => {
  it('closes an accepted call, and a solved one when acceptance is not required', () => {
    given(...inProcess(), events.resolved(), events.accepted())
      .when({ type: 'CloseCall', acceptanceRequired: true })
      .then({ type: 'CallClosed', data: { at, by: 'ann' } });
    given(...inProcess(), events.resolved())
      .when({ type: 'CloseCall', acceptanceRequired: false })
      .then({ type: 'CallClosed', data: { at, by: 'ann' } });
  });

  it('refuses to close a solved call without the acceptance the company requires', () => {
    given(...inProcess(), events.resolved())
      .when({ type: 'CloseCall', acceptanceRequired: true })
      .refuses('AcceptanceRequired');
  });

  it('cancels an open call without open transfers', () => {
    given(...inProcess())
      .when({ type: 'CancelCall', reason: 'Logged twice' })
      .then({ type: 'CallCancelled', data: { at, by: 'ann', reason: 'Logged twice' } });
    given(...inProcess(), events.visitScheduled())
      .when({ type: 'CancelCall', reason: 'x' })
      .refuses('OpenTransfers');
  });

  it('archives a closed call and nothing else', () => {
    given(...closedCall())
      .when({ type: 'ArchiveCall' })
      .then({ type: 'CallArchived', data: { at } });
    given(...inProcess())
      .when({ type: 'ArchiveCall' })
      .refuses('InvalidTransition');
  });
});

describe('ReopenCall (A8)', () => {
  it('links the new call on the original', () => {
    given(...closedCall())
      .when({ type: 'ReopenCall', reason: 'No boot again', successor })
      .then({ type: 'CallReopened', data: { at, by: 'ann', successor, reason: 'No boot again' } });
    given(...closedCall(), events.archived())
      .when({ type: 'ReopenCall', reason: 'No boot again', successor })
      .then({ type: 'CallReopened', data: { at, by: 'ann', successor, reason: 'No boot again' } });
  });

  it('refuses a second successor while the first is still open: the problem is handled there', () => {
    const first = { callId: successor.callId, number: 'C-000043', status: 'InProcess' as const };
    given(...closedCall(), {
      type: 'CallReopened',
      data: { at: minutes(90), by: 'ann', successor, reason: 'No boot again' },
    })
      .when({
        type: 'ReopenCall',
        reason: 'Still no boot',
        successor: { callId: '6e9f0a11-2222-4333-8444-a55566667777', number: 'C-000044' },
        openSuccessor: first,
      })
      .refuses('AlreadyReopened');
  });

  it('refuses to reopen a call that is still open', () => {
    given(...inProcess())
      .when({ type: 'ReopenCall', reason: 'x', successor })
      .refuses('InvalidTransition');
  });
});
