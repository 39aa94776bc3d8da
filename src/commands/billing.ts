import {
  allowanceStream,
  billingPolicyOf,
  decideBilling,
  decideCredit,
  decideIssue,
  DomainError,
  evolveAllowance,
  evolvePriceList,
  formatInvoiceNumber,
  initialAllowance,
  initialInvoice,
  initialPriceList,
  INVOICE_NUMBERS_STREAM,
  invoiceStream,
  evolveInvoice,
  priceListStream,
  proposeInvoice,
  type Allowance,
  type AllowanceEvent,
  type Call,
  type InvoiceEvent,
  type InvoiceState,
  type MasterData,
  type Organisation,
  type PriceListState,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { handleCommand, type Handling } from './handle-command.js';
import { callFold, derivedId, encodeEvents, loadStream, type EnvelopeFields, type Fold, type Loaded } from './streams.js';

/** What billing reads and writes through: the command handling (its store and stream cache), master data, the organisation. */
export interface BillingPorts {
  readonly handling: Handling;
  readonly masterData?: MasterData;
  organisation(): Promise<Organisation>;
}

export const invoiceFold: Fold<InvoiceState> = { initial: initialInvoice, evolve: (state, event) => evolveInvoice(state, event as InvoiceEvent) };
const allowanceFold: Fold<Allowance> = { initial: initialAllowance, evolve: (state, event) => evolveAllowance(state, event as AllowanceEvent) };
const priceListFold: Fold<PriceListState> = { initial: initialPriceList, evolve: (state, event) => evolvePriceList(state, event as never) };

/**
 * BillCall: price the call's bookings and decide coverage line by line (D2), take what
 * the contract's limits give from the allowance streams (each append checked against its
 * expected revision, so two calls cannot both take the last hour), then record the
 * proposal on the call's invoice stream. A conflict anywhere decides again from fresh state.
 */
export async function billCall(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { store } = ports.handling.streams;
  return handleCommand(ports.handling, invoiceStream(callId), invoiceFold, envelope, async (loaded) => {
    const call = await currentCall(store, callId);
    const organisation = await ports.organisation();
    const policy = billingPolicyOf(organisation, call.contractId);
    if (!policy) throw new DomainError('NoBillingPolicy', 'No billing policy is set: say when calls are invoiced and with which price list (SetBillingPolicy)');
    const priceLists = (await loadStream(store, priceListStream(policy.priceListId), priceListFold)).state;
    const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
    const contract = customerId && call.contractId && ports.masterData ? ((await ports.masterData.contractsOf(customerId)).find((c) => c.id === call.contractId) ?? null) : null;
    const equipment = call.item.serialNumber && ports.masterData ? await ports.masterData.equipment(call.item.serialNumber) : null;
    // First pass: which allowances the lines draw on; then decide with their current use.
    const keys = proposeInvoice({ call, priceLists, contract, equipment, allowances: new Map() }).consumption.map((c) => c.key);
    const allowances = new Map<string, Loaded<Allowance>>();
    for (const key of keys) allowances.set(key, await loadStream(store, allowanceStream(key), allowanceFold));
    const proposal = proposeInvoice({ call, priceLists, contract, equipment, allowances: new Map([...allowances].map(([k, v]) => [k, v.state])) });
    const events = decideBilling(call, loaded.state, policy.invoiceOn, proposal, envelope.occurredAt);
    for (const use of proposal.consumption) {
      const allowance = allowances.get(use.key)!;
      const already = allowance.state.byCall[callId];
      if (already && already.minutes === use.minutes && already.visits === use.visits) continue;
      const stream = allowanceStream(use.key);
      const consumed: AllowanceEvent = { type: 'AllowanceConsumed', data: { at: envelope.occurredAt, callId, contractId: use.contractId, lineId: use.lineId, period: use.period, minutes: use.minutes, visits: use.visits } };
      await store.appendToStream(stream, encodeEvents([consumed], stream, envelope), { expectedRevision: allowance.revision < 0n ? 'no_stream' : allowance.revision });
    }
    return events;
  });
}

/** IssueInvoice: the proposal becomes an invoice with the next invoice number, unless a dispute opened since. */
export async function issueInvoice(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { store } = ports.handling.streams;
  return handleCommand(ports.handling, invoiceStream(callId), invoiceFold, envelope, async (loaded) => {
    const call = await currentCall(store, callId);
    decideIssue(call, loaded.state, 'INV-pending', envelope.occurredAt); // refuse before a number is taken
    const number = await allocate(store, INVOICE_NUMBERS_STREAM, callId, envelope, formatInvoiceNumber);
    return decideIssue(call, loaded.state, number, envelope.occurredAt);
  });
}

/** CreditInvoice: a credit note cancels the invoice and gives back what it took of the contract's limits. */
export async function creditInvoice(ports: BillingPorts, callId: string, reason: string, envelope: EnvelopeFields) {
  const { store } = ports.handling.streams;
  return handleCommand(ports.handling, invoiceStream(callId), invoiceFold, envelope, async (loaded) => {
    decideCredit(loaded.state, 'CN-pending', reason, envelope.occurredAt);
    const number = await allocate(store, 'credit-note-numbers', callId, envelope, (n) => `CN-${n.toString().padStart(6, '0')}`);
    for (const use of loaded.state!.consumption) {
      const stream = allowanceStream(use.key);
      const released: AllowanceEvent = { type: 'AllowanceReleased', data: { at: envelope.occurredAt, callId, reason } };
      await store.appendToStream(stream, encodeEvents([released], stream, envelope), { expectedRevision: 'any' });
    }
    return decideCredit(loaded.state, number, reason, envelope.occurredAt);
  });
}

async function currentCall(store: EventStore, callId: string): Promise<Call> {
  const { state } = await loadStream(store, `call-${callId}`, callFold);
  if (!state) throw new DomainError('CallNotFound', `No call ${callId}`);
  return state;
}

/** Gap-tolerant, strictly increasing numbers from a stream's revisions, idempotent by command (like call numbers). */
async function allocate(store: EventStore, stream: string, callId: string, envelope: EnvelopeFields, format: (sequence: bigint) => string): Promise<string> {
  const [event] = encodeEvents([{ type: 'InvoiceNumberAllocated', data: { callId } }], stream, { ...envelope, commandId: derivedId(envelope.commandId, stream) });
  const result = await store.appendToStream(stream, [event!], { expectedRevision: 'any' });
  return format(result.nextExpectedRevision + 1n);
}
