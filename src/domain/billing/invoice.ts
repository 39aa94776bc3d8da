import { z } from 'zod';
import type { Call } from '../call/state.js';
import type { CommandContext } from '../shared/command.js';
import type { Decider } from '../shared/decider.js';
import { invoiceTriggers, type InvoiceTrigger } from '../organisation/organisation.js';
import { refuseOutOfOrder } from '../shared/time-order.js';
import { id, storedInstant, text, type EventsOf } from '../shared/schema.js';
import { decideBilling, decideCredit, decideIssue } from './invoice-decisions.js';
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

/** The moment a call was billed at: its policy's, or its cancellation, which reaches none of them. */
const billedOn = [...invoiceTriggers, 'cancellation'] as const;
export type BilledOn = (typeof billedOn)[number];

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
  trigger: z.enum(billedOn),
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
  readonly trigger: BilledOn;
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
const SETTLED: ReadonlySet<InvoiceStatus> = new Set(['issued', 'waived', 'nothing']);
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
  // Issued (or nothing to invoice) it seldom changes again; a proposal waits to be issued, a
  // credited invoice to be billed again.
  settled: (invoice) => invoice !== null && SETTLED.has(invoice.status),
};
