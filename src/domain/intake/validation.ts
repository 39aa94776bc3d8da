import { z } from 'zod';
import { services, type Contract } from '../contract/state.js';
import {
  identifierKey,
  isBlockInForce,
  recognisedKeys,
  type Block,
  type Customer,
  type Identifier,
} from '../customer/state.js';
import { ensureReferencesExist } from '../customer/references.js';
import type { EquipmentState } from '../equipment/state.js';
import { compareText } from '../shared/objects.js';
import { day, email, id, phone, shortText, type JsonDetail } from '../shared/schema.js';
import { coverageFor, describeCoverage, validContracts, type Coverage } from './coverage.js';

/**
 * Validating a customer request before a customer call is created (B1–B4), in this order:
 * who is it (the sender must recognise one customer), is the customer blocked on the
 * request day, has the customer a contract valid on that day, and is the requested
 * service on the requested equipment or site covered. Pure: master data arrives as a
 * snapshot, and every dated fact (blocks, validity, lines, where equipment stood, warranty)
 * is evaluated AT the request day, so facts recorded later for later days change nothing.
 */

/** What a request arrives with that may recognise its sender. */
export const senderSchema = z
  .strictObject({ email: email.optional(), phone: phone.optional(), account: id.optional() })
  .refine(
    (sender) =>
      sender.email !== undefined || sender.phone !== undefined || sender.account !== undefined,
    {
      error: 'A sender has an e-mail address, a phone number or an account id',
    },
  );
export type Sender = z.output<typeof senderSchema>;

/**
 * The request to validate. `day` is the request's calendar day in the business's own
 * calendar: the caller turns the instant into a day, the domain never reads a clock.
 */
export const customerRequestSchema = z.strictObject({
  /** Who asks: identified from their e-mail, phone or account (B1)… */
  sender: senderSchema.optional(),
  /** … or the customer an agent already chose (a known customer on the phone). */
  customerId: id.optional(),
  day,
  service: z.enum(services),
  siteId: id.optional(),
  item: shortText.optional(),
  serialNumber: shortText.optional(),
});
export type CustomerRequest = z.output<typeof customerRequestSchema>;

/**
 * The master data the decision reads, as plain states: the customers the sender may be
 * (normally the one the MasterData port found), their contracts, and the equipment named
 * by the request's serial number, if any. Passing more than that is harmless.
 */
export interface MasterDataSnapshot {
  readonly customers: readonly Customer[];
  readonly contracts: readonly Contract[];
  readonly equipment?: EquipmentState;
}

export const refusalReasons = ['unknown-customer', 'blocked', 'no-active-contract'] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export interface RequestRefused {
  readonly outcome: 'refused';
  readonly reason: RefusalReason;
  readonly message: string;
  readonly details: Readonly<Record<string, JsonDetail>>;
}

export interface RequestAccepted {
  readonly outcome: 'accepted';
  readonly customerId: string;
  readonly coverage: Coverage;
  /** The coverage in a sentence, for the agent (B4: uncovered work is visible as such). */
  readonly message: string;
}

export type CustomerValidation = RequestRefused | RequestAccepted;

/** A block in force, with its id. */
export type BlockInForce = Block & { readonly blockId: string };

/**
 * The block in force on `day`, if any: the earliest started (then the lowest id) when
 * several are. Also the test that stops a call's progress while a customer is blocked.
 */
export function blockInForce(customer: Customer, day: string): BlockInForce | undefined {
  return blocksInForce(customer, day)[0];
}

/** Every block in force on `day`, earliest started first, then by id. */
export function blocksInForce(customer: Customer, day: string): BlockInForce[] {
  return Object.entries(customer.blocks)
    .filter(([, block]) => isBlockInForce(block, day))
    .map(([blockId, block]) => ({ blockId, ...block }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.blockId, b.blockId));
}

/** The identifiers a sender arrives with, e-mail address first, then phone number, then account id. */
export function senderIdentifiers(sender: Sender): Identifier[] {
  const identifiers: Identifier[] = [];
  if (sender.email !== undefined) identifiers.push({ kind: 'email', value: sender.email });
  if (sender.phone !== undefined) identifiers.push({ kind: 'phone', value: sender.phone });
  if (sender.account !== undefined) identifiers.push({ kind: 'account', value: sender.account });
  return identifiers;
}

/** The customer recognised by the sender: exactly one, or a refusal as unknown customer (B1). */
export function identifyCustomer(
  customers: readonly Customer[],
  sender: Sender,
): Customer | RequestRefused {
  const keys = senderIdentifiers(sender).map(identifierKey);
  const byId = new Map<string, Customer>();
  for (const customer of customers) {
    const recognised = recognisedKeys(customer);
    if (keys.some((key) => recognised.has(key))) byId.set(customer.id, customer);
  }
  const kinds = senderIdentifiers(sender).map((identifier) => identifier.kind);
  const what = kinds.map((kind) => identifierWords[kind]).join(' or ');
  if (byId.size === 1) return [...byId.values()][0]!;
  if (byId.size === 0) {
    return refused('unknown-customer', `No customer is known by the sender's ${what}`, {
      identifiers: kinds,
    });
  }
  const candidates = [...byId.keys()].sort();
  return refused(
    'unknown-customer',
    `The sender's ${what} is registered with several customers (${candidates.join(', ')}): it does not identify one customer`,
    { identifiers: kinds, candidates },
  );
}

/**
 * A request that names no customer and whose sender gives nothing to recognise one by:
 * automatic work (a plan, a meter, an alarm) on equipment with no owner that day says so.
 */
function nobodyToRecognise(snapshot: MasterDataSnapshot, request: CustomerRequest): RequestRefused {
  const { serialNumber, day } = request;
  if (serialNumber !== undefined && !snapshot.equipment)
    return refused(
      'unknown-customer',
      `Equipment ${serialNumber} is not in the installed base, so no customer owns it: register it (RegisterEquipment) with its owner and site`,
      { serialNumber },
    );
  if (serialNumber !== undefined)
    return refused(
      'unknown-customer',
      `Equipment ${serialNumber} has no owner in the installed base on ${day}`,
      { serialNumber, day },
    );
  return refused(
    'unknown-customer',
    'The request names no customer, and its sender no e-mail address, phone number or account to recognise one by',
    {},
  );
}

/**
 * B1 → B2 → B3 → B4. Refusals stop at the first reason; an accepted request always says
 * how it is covered, and uncovered work comes back as chargeable, never silently served
 * nor silently refused.
 */
export function validateCustomerRequest(
  snapshot: MasterDataSnapshot,
  request: CustomerRequest,
): CustomerValidation {
  const identified =
    request.customerId !== undefined
      ? (snapshot.customers.find((customer) => customer.id === request.customerId) ??
        refused('unknown-customer', `No customer ${request.customerId} is registered`, {
          customerId: request.customerId,
        }))
      : request.sender && senderIdentifiers(request.sender).length > 0
        ? identifyCustomer(snapshot.customers, request.sender)
        : nobodyToRecognise(snapshot, request);
  if ('outcome' in identified) return identified;
  const customer = identified;
  // A site the customer does not have is a mistake in the request, not a reason to refuse the
  // customer: the command is refused (SiteNotFound) and the request can be taken with the right one.
  ensureReferencesExist({ customerId: customer.id, siteId: request.siteId }, { customer });
  const { day } = request;

  const blocks = blocksInForce(customer, day);
  const block = blocks[0];
  if (block) {
    const period =
      block.until === undefined
        ? `from ${block.from} until further notice`
        : `from ${block.from} until ${block.until}`;
    return refused(
      'blocked',
      `Customer ${customer.id} is blocked on ${day} by block ${block.blockId} (${block.reason}), in force ${period}`,
      {
        customerId: customer.id,
        day,
        blockId: block.blockId,
        reason: block.reason,
        from: block.from,
        ...(block.until === undefined ? {} : { until: block.until }),
        ...(block.note === undefined ? {} : { note: block.note }),
        blocks: blocks.map((b) => b.blockId),
      },
    );
  }

  const contracts = validContracts(snapshot.contracts, customer.id, day);
  if (contracts.length === 0) {
    // Only what was true by that day: contracts starting later must not change the answer for it.
    const ended = snapshot.contracts
      .filter((contract) => contract.customerId === customer.id && contract.from <= day)
      .sort((a, b) => compareText(a.id, b.id))
      .map((contract) => ({ contractId: contract.id, from: contract.from, until: contract.until }));
    const list = ended.map((c) => `${c.contractId} (${c.from} – ${c.until})`).join(', ');
    return refused(
      'no-active-contract',
      `Customer ${customer.id} has no contract valid on ${day}${ended.length ? `; its contracts ended before: ${list}` : ''}`,
      { customerId: customer.id, day, endedContracts: ended },
    );
  }

  const coverage = coverageFor(customer.id, contracts, snapshot.equipment ?? null, request);
  return {
    outcome: 'accepted',
    customerId: customer.id,
    coverage,
    message: describeCoverage(coverage),
  };
}

function refused(
  reason: RefusalReason,
  message: string,
  details: Record<string, JsonDetail>,
): RequestRefused {
  return { outcome: 'refused', reason, message, details };
}

const identifierWords: Record<Identifier['kind'], string> = {
  email: 'e-mail address',
  phone: 'phone number',
  account: 'account id',
};
