import {
  allowanceFold,
  allowanceStream,
  billingPolicyOf,
  callDecider,
  DomainError,
  CREDIT_NOTE_NUMBERS_STREAM,
  formatCreditNoteNumber,
  formatInvoiceNumber,
  INVOICE_NUMBERS_STREAM,
  invoiceDecider,
  invoiceStream,
  priceListDecider,
  priceListStream,
  proposeInvoice,
  type Allowance,
  type AllowanceEvent,
  type InvoiceState,
  type Proposal,
  type Call,
  type MasterData,
  type Organisation,
  organisationTimeZone,
  useOf,
} from '../domain/index.js';
import type { AppendResult, StreamAppend } from '../store/port.js';
import type { StreamCache } from '../streams/cache.js';
import { guardedBy } from './append-decision.js';
import { chargedContract } from './charged-contract.js';
import { handleCommand, type Handling } from './handle-command.js';
import {
  callStreamName,
  derivedId,
  encodeEvents,
  type EnvelopeFields,
  type Loaded,
} from '../streams/index.js';
import { previousAt } from './previous-at.js';

/** What billing reads and writes through: the command handling (its store and stream cache), master data, the organisation. */
export interface BillingPorts {
  readonly handling: Handling;
  readonly masterData?: MasterData;
  organisation(): Promise<Organisation>;
}

/**
 * BillCall: price the call's bookings and decide coverage line by line (D2), take what
 * the contract's limits give from the allowance streams, and record the proposal on the
 * call's invoice stream: in one transaction where the store links appends, so a refused
 * proposal takes nothing (see append-decision.ts). A conflict anywhere decides again.
 */
export async function billCall(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { streams } = ports.handling;
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const { call, revision, lastOccurredAt } = await currentCall(streams, callId);
      const organisation = await ports.organisation();
      const timeZone = organisationTimeZone(organisation);
      const policy = billingPolicyOf(organisation, call.contractId);
      if (!policy)
        throw new DomainError(
          'NoBillingPolicy',
          'No billing policy is set: say when calls are invoiced and with which price list (SetBillingPolicy)',
        );
      const priceLists = (await streams.load(priceListStream(policy.priceListId), priceListDecider))
        .state;
      const billing = {
        type: 'BillCall',
        at: envelope.occurredAt,
        actor: envelope.actor,
        ...previousAt(lastOccurredAt, loaded.lastOccurredAt),
        call,
        trigger: policy.invoiceOn,
      } as const;
      // Refused for what the call and its invoice say (not ready, out of order, billed) before
      // pricing could refuse it for a price missing: that would hide the reason.
      invoiceDecider.decide({ ...billing, proposal: UNPRICED }, loaded.state);
      const { contract, equipment, depotUnits } = await chargedContract(ports.masterData, call);
      // First pass: which allowances the lines draw on; then decide with their current use.
      const keys = proposeInvoice({
        call,
        priceLists,
        contract,
        equipment,
        depotUnits,
        allowances: new Map(),
        timeZone,
      }).consumption.map((c) => c.key);
      const allowances = new Map<string, Loaded<Allowance>>();
      for (const key of keys)
        allowances.set(key, await streams.load(allowanceStream(key), allowanceFold));
      const proposal = proposeInvoice({
        call,
        priceLists,
        contract,
        equipment,
        depotUnits,
        allowances: new Map([...allowances].map(([k, v]) => [k, v.state])),
        timeZone,
      });
      const events = invoiceDecider.decide({ ...billing, proposal }, loaded.state);
      const writes = allowanceWrites(callId, proposal, allowances, loaded.state, envelope);
      // Priced on the call as read: work booked meanwhile makes this conflict and price again.
      return guardedBy({ first: writes, decide: () => events }, callStreamName(callId), revision);
    },
  );
}

/** A proposal of nothing, to ask the decider whether the call may be billed at all. */
const UNPRICED: Proposal = {
  currency: '',
  lines: [],
  totals: { total: 0, warranty: 0, contract: 0, chargeable: 0 },
  consumption: [],
};

/** IssueInvoice: the proposal becomes an invoice with the next invoice number, unless a dispute opened since. */
export async function issueInvoice(ports: BillingPorts, callId: string, envelope: EnvelopeFields) {
  const { streams } = ports.handling;
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const { call, revision, lastOccurredAt } = await currentCall(streams, callId);
      const issue = {
        type: 'IssueInvoice',
        at: envelope.occurredAt,
        actor: envelope.actor,
        ...previousAt(lastOccurredAt, loaded.lastOccurredAt),
        call,
      } as const;
      invoiceDecider.decide({ ...issue, invoiceNumber: 'INV-pending' }, loaded.state); // refuse before a number is taken
      // Issued on the call's work as read: work booked or cancelled meanwhile makes this
      // conflict, and deciding again finds the proposal outdated.
      return guardedBy(
        {
          first: [numberAppend(INVOICE_NUMBERS_STREAM, callId, envelope)],
          decide: ([numbered]) =>
            invoiceDecider.decide(
              { ...issue, invoiceNumber: formatInvoiceNumber(numberOf(numbered!)) },
              loaded.state,
            ),
        },
        callStreamName(callId),
        revision,
      );
    },
  );
}

/**
 * CreditInvoice: a credit note cancels the invoice. Correcting, it gives back what the invoice
 * took of the contract's limits, which billing the call again takes anew; waiving, the work
 * stays done under the contract, so its hours stay used.
 */
export async function creditInvoice(
  ports: BillingPorts,
  callId: string,
  credit: { readonly reason: string; readonly waive: boolean },
  envelope: EnvelopeFields,
) {
  return handleCommand(
    ports.handling,
    invoiceStream(callId),
    invoiceDecider,
    envelope,
    async (loaded) => {
      const command = {
        type: 'CreditInvoice',
        at: envelope.occurredAt,
        actor: envelope.actor,
        ...previousAt(loaded.lastOccurredAt),
        ...credit,
      } as const;
      invoiceDecider.decide({ ...command, creditNoteNumber: 'CN-pending' }, loaded.state);
      const releases = credit.waive ? [] : loaded.state!.consumption;
      return {
        first: [
          numberAppend(CREDIT_NOTE_NUMBERS_STREAM, callId, envelope),
          ...releases.map((use) => release(use.key, callId, credit.reason, envelope)),
        ],
        decide: ([numbered]) =>
          invoiceDecider.decide(
            { ...command, creditNoteNumber: formatCreditNoteNumber(numberOf(numbered!)) },
            loaded.state,
          ),
      };
    },
  );
}

/**
 * What billing writes to the allowance streams: each use that changed, at the revision read
 * (two calls billed at once cannot both take the last hour); and, billing again, the release
 * of what the superseded proposal took and this one does not.
 */
function allowanceWrites(
  callId: string,
  proposal: Proposal,
  allowances: ReadonlyMap<string, Loaded<Allowance>>,
  invoice: InvoiceState,
  envelope: EnvelopeFields,
): StreamAppend[] {
  const writes: StreamAppend[] = [];
  for (const use of proposal.consumption) {
    const allowance = allowances.get(use.key)!;
    const already = useOf(allowance.state, callId);
    if (already?.minutes === use.minutes && already.visits === use.visits) continue;
    const { contractId, lineId, period, minutes, visits } = use;
    const consumed: AllowanceEvent = {
      type: 'AllowanceConsumed',
      data: { at: envelope.occurredAt, callId, contractId, lineId, period, minutes, visits },
    };
    writes.push(allowanceAppend(use.key, consumed, envelope, allowance.revision));
  }
  const drawn = new Set(proposal.consumption.map((use) => use.key));
  const superseded = invoice?.status === 'credited' ? [] : (invoice?.consumption ?? []);
  for (const use of superseded) {
    if (!drawn.has(use.key))
      writes.push(release(use.key, callId, 'Billed again: the call changed since', envelope));
  }
  return writes;
}

/** An allowance stream's event, at the revision read (`any` for a release: releasing only frees). */
function allowanceAppend(
  key: string,
  event: AllowanceEvent,
  envelope: EnvelopeFields,
  revision: bigint | 'any',
): StreamAppend {
  const streamName = allowanceStream(key);
  return {
    streamName,
    events: encodeEvents([event], streamName, envelope),
    expectedRevision: revision === 'any' ? 'any' : revision < 0n ? 'no_stream' : revision,
  };
}

/** Gives back what a call took of a limit. */
const release = (key: string, callId: string, reason: string, envelope: EnvelopeFields) =>
  allowanceAppend(
    key,
    { type: 'AllowanceReleased', data: { at: envelope.occurredAt, callId, reason } },
    envelope,
    'any',
  );

/** The call as it stands, with the revision a decision on it guards (see guardedBy). */
async function currentCall(
  streams: StreamCache,
  callId: string,
): Promise<{ call: Call; revision: bigint; lastOccurredAt?: Date }> {
  const { state, revision, lastOccurredAt } = await streams.load(
    callStreamName(callId),
    callDecider,
  );
  if (!state) throw new DomainError('CallNotFound', `No call ${callId}`);
  return { call: state, revision, ...(lastOccurredAt ? { lastOccurredAt } : {}) };
}

/**
 * Gap-tolerant, strictly increasing numbers from a stream's revisions, idempotent by command
 * (like call numbers): the event id derives from the command, so a retry gets its number back.
 */
function numberAppend(streamName: string, callId: string, envelope: EnvelopeFields): StreamAppend {
  const events = encodeEvents([{ type: 'InvoiceNumberAllocated', data: { callId } }], streamName, {
    ...envelope,
    commandId: derivedId(envelope.commandId, streamName),
  });
  return { streamName, events, expectedRevision: 'any' };
}

/** The sequence a number append was given: its revision, plus one. */
const numberOf = (appended: AppendResult): bigint => appended.nextExpectedRevision + 1n;
