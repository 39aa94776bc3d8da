import {
  allowanceFold,
  allowanceStream,
  billingPolicyOf,
  DomainError,
  formatInvoiceNumber,
  INVOICE_NUMBERS_STREAM,
  invoiceDecider,
  invoiceStream,
  priceListDecider,
  priceListStream,
  proposeInvoice,
  type Allowance,
  type AllowanceEvent,
  type Call,
  type MasterData,
  type Organisation,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { handleCommand, type Handling } from './handle-command.js';
import {
  derivedId,
  encodeEvents,
  loadCall,
  loadStream,
  type EnvelopeFields,
  type Loaded,
} from '../streams/index.js';

/** What billing reads and writes through: the command handling (its store and stream cache), master data, the organisation. */
export interface BillingPorts {
  readonly handling: Handling;
  readonly masterData?: MasterData;
  organisation(): Promise<Organisation>;
}

/**
 * BillCall: price the call's bookings and decide coverage line by line (D2), take what
 * the contract's limits give from the allowance streams (each append checked against its
 * expected revision, so two calls cannot both take the last hour), then record the
 * proposal on the call's invoice stream. A conflict anywhere decides again from fresh state.
 */
export async function billCall(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { store } = ports.handling.streams;
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const call = await currentCall(store, callId);
      const organisation = await ports.organisation();
      const policy = billingPolicyOf(organisation, call.contractId);
      if (!policy)
        throw new DomainError(
          'NoBillingPolicy',
          'No billing policy is set: say when calls are invoiced and with which price list (SetBillingPolicy)',
        );
      const priceLists = (
        await loadStream(store, priceListStream(policy.priceListId), priceListDecider)
      ).state;
      const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
      const contract =
        customerId && call.contractId && ports.masterData
          ? ((await ports.masterData.contractsOf(customerId)).find(
              (c) => c.id === call.contractId,
            ) ?? null)
          : null;
      const equipment =
        call.item.serialNumber && ports.masterData
          ? await ports.masterData.equipment(call.item.serialNumber)
          : null;
      // First pass: which allowances the lines draw on; then decide with their current use.
      const keys = proposeInvoice({
        call,
        priceLists,
        contract,
        equipment,
        allowances: new Map(),
      }).consumption.map((c) => c.key);
      const allowances = new Map<string, Loaded<Allowance>>();
      for (const key of keys)
        allowances.set(key, await loadStream(store, allowanceStream(key), allowanceFold));
      const proposal = proposeInvoice({
        call,
        priceLists,
        contract,
        equipment,
        allowances: new Map([...allowances].map(([k, v]) => [k, v.state])),
      });
      const events = invoiceDecider.decide(
        {
          type: 'BillCall',
          at: envelope.occurredAt,
          actor: envelope.actor,
          call,
          trigger: policy.invoiceOn,
          proposal,
        },
        loaded.state,
      );
      for (const use of proposal.consumption) {
        const allowance = allowances.get(use.key)!;
        const already = allowance.state.byCall[callId];
        if (already?.minutes === use.minutes && already.visits === use.visits) continue;
        const stream = allowanceStream(use.key);
        const consumed: AllowanceEvent = {
          type: 'AllowanceConsumed',
          data: {
            at: envelope.occurredAt,
            callId,
            contractId: use.contractId,
            lineId: use.lineId,
            period: use.period,
            minutes: use.minutes,
            visits: use.visits,
          },
        };
        await store.appendToStream(stream, encodeEvents([consumed], stream, envelope), {
          expectedRevision: allowance.revision < 0n ? 'no_stream' : allowance.revision,
        });
      }
      return events;
    },
  );
}

/** IssueInvoice: the proposal becomes an invoice with the next invoice number, unless a dispute opened since. */
export async function issueInvoice(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { store } = ports.handling.streams;
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const call = await currentCall(store, callId);
      const issue = {
        type: 'IssueInvoice',
        at: envelope.occurredAt,
        actor: envelope.actor,
        call,
      } as const;
      invoiceDecider.decide({ ...issue, invoiceNumber: 'INV-pending' }, loaded.state); // refuse before a number is taken
      const invoiceNumber = await allocate(
        store,
        INVOICE_NUMBERS_STREAM,
        callId,
        envelope,
        formatInvoiceNumber,
      );
      return invoiceDecider.decide({ ...issue, invoiceNumber }, loaded.state);
    },
  );
}

/** CreditInvoice: a credit note cancels the invoice and gives back what it took of the contract's limits. */
export async function creditInvoice(
  ports: BillingPorts,
  callId: string,
  reason: string,
  envelope: EnvelopeFields,
) {
  const { store } = ports.handling.streams;
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const credit = {
        type: 'CreditInvoice',
        at: envelope.occurredAt,
        actor: envelope.actor,
        reason,
      } as const;
      invoiceDecider.decide({ ...credit, creditNoteNumber: 'CN-pending' }, loaded.state);
      const creditNoteNumber = await allocate(
        store,
        'credit-note-numbers',
        callId,
        envelope,
        (n) => `CN-${n.toString().padStart(6, '0')}`,
      );
      for (const use of loaded.state!.consumption) {
        const stream = allowanceStream(use.key);
        const released: AllowanceEvent = {
          type: 'AllowanceReleased',
          data: { at: envelope.occurredAt, callId, reason },
        };
        await store.appendToStream(stream, encodeEvents([released], stream, envelope), {
          expectedRevision: 'any',
        });
      }
      return invoiceDecider.decide({ ...credit, creditNoteNumber }, loaded.state);
    },
  );
}

async function currentCall(store: EventStore, callId: string): Promise<Call> {
  const { state } = await loadCall(store, callId);
  if (!state) throw new DomainError('CallNotFound', `No call ${callId}`);
  return state;
}

/** Gap-tolerant, strictly increasing numbers from a stream's revisions, idempotent by command (like call numbers). */
async function allocate(
  store: EventStore,
  stream: string,
  callId: string,
  envelope: EnvelopeFields,
  format: (sequence: bigint) => string,
): Promise<string> {
  const [event] = encodeEvents([{ type: 'InvoiceNumberAllocated', data: { callId } }], stream, {
    ...envelope,
    commandId: derivedId(envelope.commandId, stream),
  });
  const result = await store.appendToStream(stream, [event!], { expectedRevision: 'any' });
  return format(result.nextExpectedRevision + 1n);
}
