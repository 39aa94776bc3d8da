import { z } from 'zod';
import type { Call } from '../call/state.js';
import { basisChanges, billingBasis, outdates, type BasisChanges } from './billing-basis.js';
import type { CommandContext } from '../shared/command.js';
import type { Decider } from '../shared/decider.js';
import { invoiceTriggers, type InvoiceTrigger } from '../organisation/organisation.js';
import { DomainError } from '../shared/errors.js';
import { refuseOutOfOrder } from '../shared/time-order.js';
import { id, storedInstant, text, type EventsOf } from '../shared/schema.js';
import type { Consumption, InvoiceLine, InvoiceTotals, Proposal } from './pricing.js';

/**
 * Invoicing a call is a step of its own (D4), on its own stream: billing proposes the
 * lines (or finds nothing chargeable), the billing office issues the invoice with its
 * number, and may credit it. The accounting system is reached through a port.
 */
export const invoiceStream = (callId: string): string => `invoice-${callId}`;
export const INVOICE_NUMBERS_STREAM = 'invoice-numbers';
export const formatInvoiceNumber = (sequence: bigint): string =>
  `INV-${sequence.toString().padStart(6, '0')}`;
export const CREDIT_NOTE_NUMBERS_STREAM = 'credit-note-numbers';
export const formatCreditNoteNumber = (sequence: bigint): string =>
  `CN-${sequence.toString().padStart(6, '0')}`;

const money = z.number().int();
const lineSchema = z.object({
  source: z.string(),
  kind: z.enum(['time', 'material', 'cost', 'subcontract']),
  description: z.string(),
  workDate: z.string(),
  quantity: z.number(),
  unit: z.enum(['h', 'pc', 'lump']),
  unitPrice: money,
  amount: money,
  warranty: money,
  contract: money,
  chargeable: money,
  priceList: z.object({ id: z.string(), version: z.number().int() }).optional(),
  coverage: z.object({
    basis: z.enum(['warranty', 'contract', 'allowance-exhausted', 'not-covered', 'no-contract']),
    contractId: z.string().optional(),
    lineId: z.string().optional(),
    rule: z.string().optional(),
    share: z.number().optional(),
    warrantyUntil: z.string().optional(),
    allowance: z
      .object({
        key: z.string(),
        hours: z.number().optional(),
        visits: z.number().optional(),
        usedMinutesBefore: z.number(),
        coveredMinutes: z.number(),
        visitCovered: z.boolean().optional(),
      })
      .optional(),
  }),
});
const totalsSchema = z.object({
  total: money,
  warranty: money,
  contract: money,
  chargeable: money,
});
const consumptionSchema = z.object({
  key: z.string(),
  contractId: z.string(),
  lineId: z.string(),
  period: z.string(),
  minutes: z.number().int(),
  visits: z.number().int(),
});

const billed = {
  at: storedInstant,
  callId: z.uuid(),
  number: z.string(),
  customerId: id.optional(),
  contractId: id.optional(),
  trigger: z.enum(invoiceTriggers),
  currency: z.string(),
  lines: z.array(lineSchema),
  totals: totalsSchema,
  consumption: z.array(consumptionSchema),
};

export const invoiceEventSchemas = {
  InvoiceProposed: z.object(billed),
  /** Everything was covered (or nothing was booked): no invoice, and the lines say why. */
  NothingToInvoice: z.object({ ...billed, reason: text }),
  InvoiceIssued: z.object({
    at: storedInstant,
    invoiceNumber: z.string(),
    totals: totalsSchema,
    currency: z.string(),
  }),
  /** `waived`: a goodwill credit, final; without it the credit corrects and the call is billed again. */
  InvoiceCredited: z.object({
    at: storedInstant,
    creditNoteNumber: z.string(),
    reason: text,
    waived: z.literal(true).optional(),
  }),
  /** On the numbers streams: the number is the revision the event landed at, plus one. */
  InvoiceNumberAllocated: z.object({ callId: z.uuid() }),
} as const;

export type InvoiceEvent = EventsOf<typeof invoiceEventSchemas>;

/** Credited: to be billed again; waived: credited as a goodwill gesture, never billed again. */
export type InvoiceStatus = 'proposed' | 'nothing' | 'issued' | 'credited' | 'waived';

export interface Invoice {
  readonly callId: string;
  readonly number: string;
  readonly status: InvoiceStatus;
  readonly customerId?: string;
  readonly contractId?: string;
  readonly trigger: InvoiceTrigger;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly totals: InvoiceTotals;
  readonly consumption: readonly Consumption[];
  readonly proposedAt: Date;
  readonly invoiceNumber?: string;
  readonly issuedAt?: Date;
  readonly credit?: {
    readonly number: string;
    readonly at: Date;
    readonly reason: string;
    readonly waived?: true;
  };
}
export type InvoiceState = Invoice | null;
export const initialInvoice = (): InvoiceState => null;

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceProposed':
    case 'NothingToInvoice': {
      const { at, ...data } = event.data;
      const { reason: _reason, ...rest } = data as typeof data & { reason?: string };
      return {
        ...rest,
        status: event.type === 'InvoiceProposed' ? 'proposed' : 'nothing',
        proposedAt: at,
      };
    }
    case 'InvoiceIssued':
      return (
        state && {
          ...state,
          status: 'issued',
          invoiceNumber: event.data.invoiceNumber,
          issuedAt: event.data.at,
        }
      );
    case 'InvoiceCredited':
      return (
        state && {
          ...state,
          status: event.data.waived ? 'waived' : 'credited',
          credit: {
            number: event.data.creditNoteNumber,
            at: event.data.at,
            reason: event.data.reason,
            ...(event.data.waived ? { waived: true } : {}),
          },
        }
      );
    case 'InvoiceNumberAllocated':
      return state;
  }
}

/** Resolved, accepted, closed or archived: the call's work is done, and billing may price it. */
export const isWorkDone = (call: Call): boolean =>
  ['Solved', 'Accepted', 'Closed', 'Archived'].includes(call.status);

/**
 * Whether a call may be billed under the company's rule (D3, D4): once resolved, once the
 * customer accepted, or once closed; never while a dispute is open (a rejected solution
 * sent back to work); a cancelled call is not billed.
 */
export function billingReadiness(
  call: Call,
  trigger: InvoiceTrigger,
): { readonly ready: true } | { readonly ready: false; readonly reason: string } {
  if (call.closure?.cancelled) return { ready: false, reason: `call ${call.number} was cancelled` };
  if (call.rejections > 0 && !call.resolution)
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
    trigger,
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
  if (call.rejections > 0 && !call.resolution)
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

/**
 * What can be decided on a call's invoice, with what the billing process resolved first:
 * the call, the policy's trigger and the priced proposal; the next invoice or credit-note number.
 */
export type InvoiceCommand = CommandContext & {
  /** The latest instant the decision reads: the invoice's last change and, billing or issuing, the call's. */
  readonly previousAt?: Date;
} & (
    | {
        readonly type: 'BillCall';
        readonly call: Call;
        readonly trigger: InvoiceTrigger;
        readonly proposal: Proposal;
      }
    | { readonly type: 'IssueInvoice'; readonly call: Call; readonly invoiceNumber: string }
    | {
        readonly type: 'CreditInvoice';
        readonly creditNoteNumber: string;
        readonly reason: string;
        /** A goodwill credit: the call is not billed again. */
        readonly waive: boolean;
      }
  );

/** A call's invoice as one value: it starts as null (not billed). */
export const invoiceDecider: Decider<InvoiceState, InvoiceCommand, InvoiceEvent> = {
  initialState: initialInvoice,
  decide: (command, invoice) => {
    refuseOutOfOrder(
      command,
      'call' in command ? `call ${command.call.number} or its invoice` : 'the invoice',
    );
    switch (command.type) {
      case 'BillCall':
        return decideBilling(command.call, invoice, command.trigger, command.proposal, command.at);
      case 'IssueInvoice':
        return decideIssue(command.call, invoice, command.invoiceNumber, command.at);
      case 'CreditInvoice':
        return decideCredit(invoice, command, command.at);
    }
  },
  evolve: evolveInvoice,
};
