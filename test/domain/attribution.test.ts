import { describe, it } from 'vitest';
import type { Contract } from '../../src/domain/index.js';
import { events, given, inProcess, logCall, minutes, system, T0 } from '../support/call-spec.js';

const at = minutes(100);
const contract = (id: string, customerId = 'acme', until = '2026-12-31'): Contract => ({
  id,
  customerId,
  from: '2026-01-01',
  until,
  renewals: [],
  lines: {},
});
const coverage = {
  day: '2026-11-23',
  service: 'remote-support' as const,
  verdict: 'not-covered' as const,
  contractId: 'acme-2026',
  share: 0,
  chargeable: true,
};

describe('coverage and contract on the call (B4, C4)', () => {
  it('takes uncovered work only when it is explicitly chargeable, and records the verdict', () => {
    given()
      .when({ ...logCall, coverage })
      .refuses('ChargeableWorkNotConfirmed', /chargeable: true/);
    given()
      .when({ ...logCall, coverage, chargeable: true })
      .then(
        events.logged(),
        { type: 'CoverageDetermined', data: { at: T0, coverage } },
        events.prioritised(3),
      );
  });

  it('charges the call to another valid contract of its customer, with the reason, and refuses others', () => {
    const charged = [
      events.logged(),
      { type: 'CoverageDetermined' as const, data: { at: T0, coverage } },
    ];
    given(...charged)
      .when({
        type: 'ChangeContract',
        contractId: 'acme-support',
        reason: 'Software support',
        contract: contract('acme-support'),
        day: '2026-11-23',
      })
      .then({
        type: 'ContractChanged',
        data: { at, contractId: 'acme-support', previous: 'acme-2026', reason: 'Software support' },
      });
    given(...charged)
      .when({
        type: 'ChangeContract',
        contractId: 'globex-1',
        reason: 'x',
        contract: contract('globex-1', 'globex'),
        day: '2026-11-23',
      })
      .refuses('ContractOfAnotherCustomer');
    given(...charged)
      .when({
        type: 'ChangeContract',
        contractId: 'old',
        reason: 'x',
        contract: contract('old', 'acme', '2025-12-31'),
        day: '2026-11-23',
      })
      .refuses('ContractNotValid');
    given(...charged)
      .when({
        type: 'ChangeContract',
        contractId: 'acme-2026',
        reason: 'x',
        contract: contract('acme-2026'),
        day: '2026-11-23',
      })
      .refuses('NothingToChange');
    given(...charged)
      .when({
        type: 'ChangeContract',
        contractId: 'nope',
        reason: 'x',
        contract: null,
        day: '2026-11-23',
      })
      .refuses('ContractNotFound');
  });

  it('refuses to move a call whose invoice is issued (credit it first) or waived: the invoice stays charged to the first contract', () => {
    const charged = [
      events.logged(),
      { type: 'CoverageDetermined' as const, data: { at: T0, coverage } },
    ];
    const change = {
      type: 'ChangeContract' as const,
      contractId: 'acme-support',
      reason: 'Software support',
      contract: contract('acme-support'),
      day: '2026-11-23',
    };
    given(...charged)
      .when({ ...change, invoiced: { status: 'issued', invoiceNumber: 'INV-000007' } })
      .refuses('AlreadyInvoiced', /INV-000007.*CreditInvoice/);
    given(...charged)
      .when({ ...change, invoiced: { status: 'waived', invoiceNumber: 'INV-000007' } })
      .refuses('AlreadyInvoiced', /INV-000007.*goodwill gesture/);
    for (const status of ['proposed', 'nothing', 'credited'])
      given(...charged)
        .when({ ...change, invoiced: { status } })
        .then({
          type: 'ContractChanged',
          data: {
            at,
            contractId: 'acme-support',
            previous: 'acme-2026',
            reason: 'Software support',
          },
        });
  });
});

describe('a block stops the work, not the conversation (B2)', () => {
  const block = {
    blockId: 'B1',
    reason: 'non-payment',
    from: '2026-11-20',
    note: 'October invoice',
  };
  it('refuses progress with the block’s reason, and lets information and notes through', () => {
    given(...inProcess())
      .when({ type: 'BookTime', labourType: 'remote', minutes: 10, block })
      .refuses(
        'CustomerBlocked',
        /B1 \(non-payment: October invoice\) from 2026-11-20 until further notice/,
      );
    given(...inProcess())
      .when({ type: 'ResolveCall', solution: 'x', block })
      .refuses('CustomerBlocked');
    given(...inProcess())
      .when({ type: 'AddInternalNote', text: 'Waiting for payment', block })
      .then({
        type: 'InternalNoteAdded',
        data: { at, noteId: 'N1', by: 'ann', text: 'Waiting for payment' },
      });
  });
});

describe('acknowledgements (A7)', () => {
  it('records an acknowledgement once, however often it is delivered', () => {
    const notificationId = '3f0d8a2e-5b1c-4d7e-9f00-112233445566';
    const acknowledged = {
      type: 'CallAcknowledged' as const,
      data: { at: minutes(5), notificationId, channel: 'email' as const, to: 'carl@acme.example' },
    };
    given(events.logged())
      .when({
        type: 'RecordAcknowledgement',
        actor: system,
        notificationId,
        channel: 'email',
        to: 'carl@acme.example',
      })
      .then({ ...acknowledged, data: { ...acknowledged.data, at } });
    given(events.logged(), acknowledged)
      .when({
        type: 'RecordAcknowledgement',
        actor: system,
        notificationId,
        channel: 'email',
        to: 'carl@acme.example',
      })
      .then();
  });
});
