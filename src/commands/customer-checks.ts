import {
  blockInForce,
  currentPlacement,
  namedReferences,
  validateCustomerRequest,
  type Call,
  type CallCommandContext,
  type Contract,
  type ContractState,
  type CustomerRequest,
  type CustomerValidation,
  type EquipmentState,
  type RequestRefused,
  type Sender,
  type Service,
} from '../domain/index.js';
import { masterDataSnapshot } from '../master-data/snapshot.js';
import { strip, keyedRecord } from '../domain/shared/objects.js';
import type { KnownSettings } from '../domain/shared/known-settings.js';
import type { DecisionContext } from './decision-context.js';
import type { CommandInputOf } from './schemas.js';

/**
 * What master data says before a decision (B1–B5): whether a request's customer may have
 * work done, how a new call is rated, a block that stops a call's progress, the contract a
 * call is charged to. Without master data (customer validation off) each says nothing.
 */

/** B1–B4 for one request, as of its calendar day: who the customer is (named, or recognised from the sender), blocks, contracts, and how the service is covered. */
export async function validateCustomer(
  context: DecisionContext,
  who: { customerId?: string; sender?: Sender },
  request: { service?: Service; siteId?: string; item?: { item?: string; serialNumber?: string } },
  reportedAt: Date,
): Promise<CustomerValidation> {
  const customerRequest: CustomerRequest = strip({
    ...(who.customerId ? { customerId: who.customerId } : { sender: who.sender }),
    day: await context.dayOf(reportedAt),
    service: request.service ?? 'remote-support',
    siteId: request.siteId,
    item: request.item?.item,
    serialNumber: request.item?.serialNumber,
  });
  return validateCustomerRequest(
    await masterDataSnapshot(context.masterData!, customerRequest),
    customerRequest,
  );
}

/** What master data adds to a new call's rating: customer and installation factors, the customer's own service levels. */
export async function masterDataRating(
  context: DecisionContext,
  command: CommandInputOf<'LogCall'>,
): Promise<{ factors: Record<string, number>; customerServiceLevels?: string }> {
  const masterData = context.masterData;
  if (!masterData || command.subject.kind !== 'customer') return { factors: {} };
  const customer = await masterData.customer(command.subject.customerId);
  const equipment = command.item.serialNumber
    ? await masterData.equipment(command.item.serialNumber)
    : null;
  const factors: Record<string, number> = keyedRecord();
  if (customer?.priorityFactor !== undefined) factors.customer = customer.priorityFactor;
  if (equipment?.priorityFactor !== undefined) factors.equipment = equipment.priorityFactor;
  return customer?.serviceLevels
    ? { factors, customerServiceLevels: customer.serviceLevels }
    : { factors };
}

/** A block in force on the call's customer today: it stops the call's progress. */
export async function blockOn(
  context: DecisionContext,
  call: Call,
  at: Date,
): Promise<Pick<CallCommandContext, 'block'>> {
  const masterData = context.masterData;
  if (!masterData || call.subject.kind !== 'customer') return {};
  const day = await context.dayOf(at);
  const customer = await masterData.customer(call.subject.customerId);
  const block = customer ? blockInForce(customer, day) : undefined;
  return block
    ? {
        block: strip({
          blockId: block.blockId,
          reason: block.reason,
          from: block.from,
          until: block.until,
          note: block.note,
        }),
      }
    : {};
}

/** ChangeContract: the contract to charge, as master data knows it, and the organisation's day. */
export async function contractToCharge(
  context: DecisionContext,
  call: Call,
  contractId: string,
  at: Date,
): Promise<{ contract: Contract | null; day: string }> {
  const day = await context.dayOf(at);
  const masterData = context.masterData;
  if (!masterData || call.subject.kind !== 'customer') return { contract: null, day };
  return {
    contract:
      (await masterData.contractsOf(call.subject.customerId)).find((c) => c.id === contractId) ??
      null,
    day,
  };
}

/** The numbers of open calls for the new call's customer and serial number (a warning, not a refusal). */
export async function openCallsLike(
  context: DecisionContext,
  command: CommandInputOf<'LogCall'>,
): Promise<readonly string[]> {
  const serial = command.item.serialNumber;
  if (!context.openCalls || command.subject.kind !== 'customer' || !serial) return [];
  return context.openCalls.openCallsFor(command.subject.customerId, serial);
}

/** For a portal customer's submission: the customers the sender's identifiers recognise (it may name no other). */
export async function senderCustomers(
  context: DecisionContext,
  role: string,
  sender: Sender,
): Promise<{ senderCustomers?: readonly string[]; accountCustomers?: readonly string[] }> {
  const masterData = context.masterData;
  if (role !== 'customer' || !masterData) return {};
  const identifiers = senderOf(sender);
  if (Object.keys(identifiers).length === 0) return { senderCustomers: [] };
  return {
    senderCustomers: await masterData.findCustomerIds(identifiers),
    // Whose the account is, on its own: an account identifier of the portal's customer is theirs.
    ...(sender.account === undefined
      ? {}
      : { accountCustomers: await masterData.findCustomerIds({ account: sender.account }) }),
  };
}

/**
 * What a contract or equipment command reads first: the customer it names, from master data,
 * for the decider to check it and its site exist; and, ending a contract or a coverage line,
 * the organisation's day (an end is never in the past).
 */
export async function contractOrEquipmentContext(
  context: DecisionContext,
  command: Parameters<typeof namedReferences>[0],
  state: ContractState | EquipmentState,
  at: Date,
): Promise<{
  references?: { customer: unknown; contractIds?: string[]; serialOwner?: string | null };
  today?: string;
  known?: KnownSettings;
}> {
  const first = {
    ...(endsCover.has(command.type) ? { today: await context.dayOf(at) } : {}),
    ...(await policyKnown(context, command)),
  };
  const masterData = context.masterData;
  if (!masterData) return first;
  const named = namedReferences(command, state);
  if (named.customerId === undefined) return first;
  const customer = await masterData.customer(named.customerId);
  const contractIds =
    named.contractId === undefined
      ? {}
      : { contractIds: (await masterData.contractsOf(named.customerId)).map((c) => c.id) };
  const equipment =
    named.serialNumber === undefined ? undefined : await masterData.equipment(named.serialNumber);
  const serialOwner = equipment === undefined ? {} : { serialOwner: equipmentOwner(equipment) };
  return { references: { customer, ...contractIds, ...serialOwner }, ...first };
}

/** A contract's service levels must be published: misspelt, its calls would count by the company's without a word. */
async function policyKnown(
  context: DecisionContext,
  command: { readonly type: string; readonly serviceLevelPolicyId?: unknown },
): Promise<{ known?: KnownSettings }> {
  if (command.type !== 'RegisterContract' || typeof command.serviceLevelPolicyId !== 'string')
    return {};
  return { known: { ruleSet: (await context.ruleSet(command.serviceLevelPolicyId)).length > 0 } };
}

const endsCover: ReadonlySet<string> = new Set(['TerminateContract', 'EndCoverageLine']);

/** The identifiers a request's sender can be recognised by. */
export function senderOf(sender: { email?: string; phone?: string; account?: string }): Sender {
  return strip({ email: sender.email, phone: sender.phone, account: sender.account });
}

/** A refusal's details, its reason (unknown-customer, blocked, no-active-contract) on top; a block's own reason as blockReason. */
export function refusalDetails(
  refusal: RequestRefused,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const { reason: blockReason, ...details } = refusal.details as Record<string, unknown>;
  return {
    ...details,
    ...(blockReason === undefined ? {} : { blockReason }),
    ...extra,
    reason: refusal.reason,
  };
}

/** The customer the installed base has a serial number with now (null: not recorded). */
const equipmentOwner = (equipment: EquipmentState): string | null =>
  equipment ? (currentPlacement(equipment)?.customerId ?? null) : null;
