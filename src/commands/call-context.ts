import {
  acceptanceRequiredFor,
  billingPolicyOf,
  DomainError,
  type Call,
  type CallCommand,
  type CallCommandContext,
  type CallState,
  type EngineerState,
  type EquipmentState,
  type InvoiceState,
  masterDataSubjectOf,
  organisationTimeZone,
  priceListOn,
} from '../domain/index.js';
import type { MaterialPrices } from '../domain/call/material-price.js';
import { entryOf, strip } from '../domain/shared/objects.js';
import { blockOn, contractToCharge } from './customer-checks.js';
import { callRouting } from './call-routing.js';
import { chargedContract } from './charged-contract.js';
import type { DecisionContext } from './decision-context.js';
import type { CommandInput } from './schemas.js';
import type { EnvelopeFields, Loaded } from '../streams/index.js';

/** A call command on a call that exists (LogCall and ReopenCall have paths of their own). */
export type OnCallInput = Exclude<CommandInput, { type: 'LogCall' | 'ReopenCall' }>;

/** Envelope fields and the call reference: what a call command carries that its decision does not take. */
type NotDomain = 'commandId' | 'correlationId' | 'causationId' | 'at' | 'call';
const NOT_DOMAIN: ReadonlySet<string> = new Set<NotDomain>([
  'commandId',
  'correlationId',
  'causationId',
  'at',
  'call',
]);

/** A command as its decision takes it, before the context adds what it needs: payload, instant and actor. */
export type DomainPayload<C extends CommandInput> = C extends unknown
  ? Omit<C, NotDomain> & Pick<CallCommandContext, 'at' | 'actor'>
  : never;

/**
 * The command's payload with the envelope's instant and actor. Keys are copied, not
 * destructured: on Node 20, rest destructuring and a spread followed by more properties
 * cost around a microsecond each, a fifth of the pipeline's own time per command in W1.
 */
export function domainPayload<C extends CommandInput>(
  command: C,
  envelope: EnvelopeFields,
): DomainPayload<C> {
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(command))
    if (!NOT_DOMAIN.has(key)) payload[key] = command[key as keyof C];
  payload.at = envelope.occurredAt;
  payload.actor = envelope.actor;
  return payload as DomainPayload<C>;
}

/**
 * A command on an existing call, with what its decision needs beyond the payload — each
 * command type gets the context the domain declares for it (CommandExtras): the
 * organisation's routing, the rule-set version the call counts by, the acceptance policy,
 * the organisation's calendar day, the contract to charge; and a block in force on the
 * customer, which stops any progress.
 */
export async function onCallCommand(
  context: DecisionContext,
  command: OnCallInput,
  envelope: EnvelopeFields,
  call: Call,
  /** A booking's invoice, as the caller loaded it (its revision guards the append). */
  invoice?: Loaded<InvoiceState>,
): Promise<CallCommand> {
  const at = envelope.occurredAt;
  // Without master data there is no block to look up: no await for nothing on the hot path.
  const decision = Object.assign(
    domainPayload(command, envelope),
    context.masterData ? await blockOn(context, call, at) : {},
  );
  switch (decision.type) {
    case 'AssignCall':
    case 'StartWork': {
      // The engineer named (or starting) is judged against the organisation and master data (C2).
      const engineer =
        decision.type === 'StartWork'
          ? (decision.engineer ?? decision.actor.id)
          : decision.engineer;
      return Object.assign(
        decision,
        { organisation: await context.organisation() },
        await engineerNamed(context, engineer),
      );
    }
    case 'TransferToSecondLine':
    case 'ClassifyCall':
      return Object.assign(decision, { organisation: await context.organisation() });
    case 'ReturnFromSecondLine':
    case 'CancelTransfer': {
      // Issue 21: a call back from second line (returned, or its transfer cancelled) is
      // routed when rules are in force; cancelling other transfers routes nothing.
      const transfer = Object.hasOwn(call.transfers, decision.transferId)
        ? entryOf(call.transfers, decision.transferId)
        : undefined;
      if (decision.type === 'CancelTransfer' && transfer?.kind !== 'second-line') return decision;
      const routing = await callRouting(context, at, masterDataSubjectOf(call));
      return Object.assign(
        decision,
        { organisation: await context.organisation() },
        routing ? { routing } : {},
        decision.type === 'ReturnFromSecondLine'
          ? await engineerNamed(context, decision.assignTo?.engineer)
          : {},
      );
    }
    case 'RecordDiagnosis':
      return decision.codes
        ? Object.assign(decision, { knowledge: await context.knowledge() })
        : decision;
    case 'SetPriority':
    case 'PutOnHold':
    case 'ReleaseHold':
    case 'EscalateServiceLevel':
      return Object.assign(decision, { serviceLevels: await context.callServiceLevels(call) });
    case 'CloseCall':
      // D3 is recorded policy (SetAcceptancePolicy), the contract's own or the company's.
      return Object.assign(decision, {
        acceptanceRequired: acceptanceRequiredFor(await context.organisation(), call.contractId),
      });
    case 'BookTime':
    case 'BookMaterial':
    case 'BookCost':
      return Object.assign(decision, {
        today: await context.dayOf(at),
        ...invoiced(invoice ?? (await context.invoice(call.id))),
        // A group named must be one of the organisation's; an engineer named, one it knows (C2).
        ...(decision.group === undefined && decision.engineer === undefined
          ? {}
          : { organisation: await context.organisation() }),
        ...(await engineerNamed(context, decision.engineer)),
        ...(decision.type === 'BookCost' ? await billingCurrency(context, call) : {}),
        ...(decision.type === 'BookMaterial' ? await materialPrices(context, call) : {}),
        ...(await coverToCheck(context, call, decision.chargeable)),
      });
    case 'OrderSubcontract':
      return Object.assign(decision, await billingCurrency(context, call));
    case 'ScheduleOnSiteVisit':
      // The engineer is judged against the organisation (C2), read with the agenda (visit-booking.ts).
      Object.assign(decision, { organisation: await context.organisation() });
      // The site named must be the customer's: read only when one is named and master data is kept.
      return decision.siteId !== undefined && context.masterData && call.subject.kind === 'customer'
        ? Object.assign(decision, {
            customer: await context.masterData.customer(call.subject.customerId),
          })
        : decision;
    case 'CancelBooking':
      return Object.assign(decision, invoiced(invoice ?? (await context.invoice(call.id))));
    case 'CorrectCallDetails':
      return decision.item === undefined || !context.masterData || !call.coverage
        ? decision
        : Object.assign(
            decision,
            // What covers the corrected item: the charged contract, the corrected serial's equipment.
            { cover: await chargedContract(context.masterData, { ...call, item: decision.item }) },
            invoiced(invoice ?? (await context.invoice(call.id))),
          );
    case 'ChangeContract':
      return Object.assign(
        decision,
        await contractToCharge(context, call, decision.contractId, at),
        invoiced(invoice ?? (await context.invoice(call.id))),
        await unitsToCheck(context, call),
      );
    default:
      return decision;
  }
}

/** The engineer a command names, as master data knows them (C2): read only when one is named. */
export async function engineerNamed(
  context: DecisionContext,
  engineer: string | undefined,
): Promise<{ engineerRecord?: EngineerState }> {
  return engineer === undefined ? {} : { engineerRecord: await context.engineer(engineer) };
}

/** The call a command names, or CallNotFound. */
export function existing(state: CallState, reference: string): Call {
  if (state === null) throw new DomainError('CallNotFound', `No call ${reference}`);
  return state;
}

/** The versions of the price list the call's billing policy names, once published. */
async function policyPriceList(context: DecisionContext, call: Call) {
  const organisation = await context.organisation();
  const policy = billingPolicyOf(organisation, call.contractId);
  const versions = policy ? await context.priceList(policy.priceListId) : [];
  return versions.length > 0 ? { organisation, versions } : undefined;
}

/** The currency the call will be invoiced in: its billing policy's price list's, once published. */
async function billingCurrency(
  context: DecisionContext,
  call: Call,
): Promise<{ billingCurrency?: string }> {
  const list = await policyPriceList(context, call);
  return list ? { billingCurrency: list.versions[list.versions.length - 1]!.prices.currency } : {};
}

/** The price list billing will price the call's material with: its billing policy's, once published. */
async function materialPrices(
  context: DecisionContext,
  call: Call,
): Promise<{ prices?: MaterialPrices }> {
  const list = await policyPriceList(context, call);
  if (!list) return {};
  const timeZone = organisationTimeZone(list.organisation);
  return { prices: (day) => priceListOn(list.versions, day, timeZone) };
}

/**
 * What billing will cover a booking's work with, when the domain must look (the call taken on
 * as covered, the work not confirmed as chargeable): read only then, so the bookings of
 * chargeable calls, and those made without master data, read nothing more.
 */
async function coverToCheck(
  context: DecisionContext,
  call: Call,
  chargeable: boolean | undefined,
): Promise<{ cover?: Awaited<ReturnType<typeof chargedContract>> }> {
  if (chargeable === true || !context.masterData || !call.coverage) return {};
  if (call.coverage.verdict === 'not-covered') return {};
  return { cover: await chargedContract(context.masterData, call) };
}

/**
 * The call's equipment and units in for depot repair, for a move to another contract to judge
 * the call's coverage and the booked work under it (and name what it confirms as
 * chargeable): read whenever the call's coverage was judged, covered or not.
 */
async function unitsToCheck(
  context: DecisionContext,
  call: Call,
): Promise<{ cover?: { equipment: EquipmentState; depotUnits: Map<string, EquipmentState> } }> {
  if (!context.masterData || !call.coverage) return {};
  const { equipment, depotUnits } = await chargedContract(context.masterData, call);
  return { cover: { equipment, depotUnits } };
}

/** The call's invoice as billing recorded it, if any: the domain says which stop bookings. */
function invoiced({ state }: Loaded<InvoiceState>): {
  invoiced?: { status: string; invoiceNumber?: string };
} {
  if (!state) return {};
  return { invoiced: strip({ status: state.status, invoiceNumber: state.invoiceNumber }) };
}
