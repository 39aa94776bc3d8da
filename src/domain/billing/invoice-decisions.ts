/**
 * What the invoice decider decides (D3, D4): whether a call may be billed, its proposal, the
 * issue of the invoice with its number, and the credit note that reverses it.
 */
import type { Call } from '../call/state.js';
import { basisChanges, billingBasis, outdates, type BasisChanges } from './billing-basis.js';
import { invoiceTriggers, type InvoiceTrigger } from '../organisation/organisation.js';
import { DomainError } from '../shared/errors.js';
import type { InvoiceEvent, InvoiceState } from './invoice.js';
import type { Proposal } from './pricing.js';

/** Resolved, accepted, closed or archived: the call's work is done, and billing may price it. */
export const isWorkDone = (call: Call): boolean =>
  ['Solved', 'Accepted', 'Closed', 'Archived'].includes(call.status);

/**
 * Whether a call may be billed under the company's rule (D3, D4): once resolved, once the
 * customer accepted, or once closed; never while a dispute is open (a rejected solution
 * sent back to work). A cancelled call reaches none of those moments, yet the work booked
 * on it was done and is imputed to its contract (C4): it is billed at its cancellation.
 */
export function billingReadiness(
  call: Call,
  trigger: InvoiceTrigger,
): { readonly ready: true } | { readonly ready: false; readonly reason: string } {
  if (call.closure?.cancelled) return { ready: true };
  if (disputeOpen(call))
    return {
      ready: false,
      reason: `a dispute is open on call ${call.number}: its solution was rejected and it is back in work`,
    };
  const reached =
    trigger === 'resolution'
      ? isWorkDone(call)
      : trigger === 'acceptance'
        ? call.acceptance !== undefined || ['Closed', 'Archived'].includes(call.status)
        : ['Closed', 'Archived'].includes(call.status);
  return reached
    ? { ready: true }
    : {
        ready: false,
        reason: `call ${call.number} is ${call.status}: it is invoiced on ${trigger}`,
      };
}

/** A solution was rejected and the call is back in work, not solved again nor cancelled since. */
const disputeOpen = (call: Call): boolean =>
  call.rejections > 0 && !call.resolution && !call.closure?.cancelled;

/** The invoicing moments a call has reached (D3): those under which billingReadiness says ready. */
export const invoicingMomentsReached = (call: Call): InvoiceTrigger[] =>
  invoiceTriggers.filter((trigger) => billingReadiness(call, trigger).ready);

/** BillCall's decision: a proposal, or nothing to invoice; refused if not ready or already invoiced. */
export function decideBilling(
  call: Call,
  invoice: InvoiceState,
  trigger: InvoiceTrigger,
  proposal: Proposal,
  at: Date,
): InvoiceEvent[] {
  const readiness = billingReadiness(call, trigger);
  if (!readiness.ready)
    throw new DomainError('NotReadyForBilling', `Cannot bill yet: ${readiness.reason}`);
  // A proposal not yet issued, or "nothing to invoice", is billed again once work was
  // booked or cancelled since: that work would otherwise reach no invoice.
  const superseded =
    (invoice?.status === 'proposed' || invoice?.status === 'nothing') &&
    outdates(basisChanges(billingBasis(call), invoice));
  if (invoice?.status === 'waived')
    throw new DomainError(
      'AlreadyBilled',
      `Call ${call.number} is not billed again: its invoice ${invoice.invoiceNumber} was waived by credit note ${invoice.credit?.number}`,
    );
  if (invoice && invoice.status !== 'credited' && !superseded) {
    throw new DomainError(
      'AlreadyBilled',
      `Call ${call.number} is already billed (${invoice.status}${invoice.invoiceNumber ? ` as ${invoice.invoiceNumber}` : ''})`,
    );
  }
  const data = {
    at,
    callId: call.id,
    number: call.number,
    ...(call.subject.kind === 'customer' ? { customerId: call.subject.customerId } : {}),
    ...(call.contractId ? { contractId: call.contractId } : {}),
    trigger: call.closure?.cancelled ? ('cancellation' as const) : trigger,
    currency: proposal.currency,
    lines: [...proposal.lines],
    totals: proposal.totals,
    consumption: [...proposal.consumption],
  };
  if (proposal.totals.chargeable === 0) {
    return [
      {
        type: 'NothingToInvoice',
        data: {
          ...data,
          reason:
            proposal.lines.length === 0
              ? 'Nothing was booked on the call'
              : 'Everything booked is covered by warranty or contract',
        },
      },
    ];
  }
  return [{ type: 'InvoiceProposed', data }];
}

export function decideIssue(
  call: Call,
  invoice: InvoiceState,
  invoiceNumber: string,
  at: Date,
): InvoiceEvent[] {
  if (invoice?.status !== 'proposed')
    throw new DomainError(
      'NothingToIssue',
      `Call ${call.number} has no proposed invoice (${invoice?.status ?? 'not billed'})`,
    );
  if (disputeOpen(call))
    throw new DomainError(
      'DisputeOpen',
      `Call ${call.number} has an open dispute: its solution was rejected; no invoice until it is resolved again`,
    );
  const changes = basisChanges(billingBasis(call), invoice);
  if (outdates(changes))
    throw new DomainError(
      'ProposalOutdated',
      `Call ${call.number} changed since its invoice was proposed (${describe(changes)}): bill it again before issuing`,
      { ...changes },
    );
  return [
    {
      type: 'InvoiceIssued',
      data: { at, invoiceNumber, totals: invoice.totals, currency: invoice.currency },
    },
  ];
}

const describe = ({ added, removed, contract }: BasisChanges): string =>
  [
    ...(added.length ? [`booked since: ${added.join(', ')}`] : []),
    ...(removed.length ? [`cancelled since: ${removed.join(', ')}`] : []),
    ...(contract
      ? [`charged to ${contract.to ?? 'no contract'}, not ${contract.from ?? 'none'}`]
      : []),
  ].join('; ');

export function decideCredit(
  invoice: InvoiceState,
  credit: { readonly creditNoteNumber: string; readonly reason: string; readonly waive: boolean },
  at: Date,
): InvoiceEvent[] {
  if (invoice?.status !== 'issued')
    throw new DomainError(
      'NothingToCredit',
      `There is no issued invoice to credit (${invoice?.status ?? 'not billed'})`,
    );
  const { creditNoteNumber, reason, waive } = credit;
  return [
    {
      type: 'InvoiceCredited',
      data: { at, creditNoteNumber, reason, ...(waive ? { waived: true } : {}) },
    },
  ];
}
