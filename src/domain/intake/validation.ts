import { z } from 'zod';
import { coverageLimitsSchema } from '../contract/events.js';
import {
  isContractValidOn,
  isLineEffectiveOn,
  scopeKind,
  scopeKinds,
  services,
  type Contract,
  type CoverageLine,
  type CoverageScope,
  type Service,
} from '../contract/state.js';
import {
  identifierKey,
  isBlockInForce,
  type Block,
  type Customer,
  type Identifier,
} from '../customer/state.js';
import {
  isUnderWarranty,
  placementOn,
  type Equipment,
  type EquipmentState,
} from '../equipment/state.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import { day, email, id, phone, shortText } from '../shared/schema.js';

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

export const coverageVerdicts = ['covered', 'partly-covered', 'not-covered'] as const;
export type CoverageVerdict = (typeof coverageVerdicts)[number];

/** Why it is covered: the warranty, or the scope of the coverage line that matched. */
export const coverageRules = ['warranty', ...scopeKinds] as const;
export type CoverageRule = (typeof coverageRules)[number];

/**
 * The coverage decision as a call records it (C4, D2): the contract the call is charged
 * to, the rule and line that decided, and what was evaluated. Recorded on the call, it
 * makes a replay give the same verdict whatever master data changes afterwards.
 */
export const coverageSchema = z.object({
  day,
  service: z.enum(services),
  verdict: z.enum(coverageVerdicts),
  /** Absent when nothing covers the request. */
  rule: z.enum(coverageRules).optional(),
  contractId: id,
  lineId: id.optional(),
  /** Percentage the contract pays: 100 covered, 1–99 partly covered, 0 not covered. */
  share: z.number().int().min(0).max(100),
  /** The customer pays for (part of) the work: it must be accepted as chargeable explicitly. */
  chargeable: z.boolean(),
  limits: coverageLimitsSchema.optional(),
  warrantyUntil: day.optional(),
  serviceLevelPolicyId: id.optional(),
  /** The site, item and serial number the decision used (the installed base's, when it knows them). */
  siteId: id.optional(),
  item: shortText.optional(),
  serialNumber: shortText.optional(),
});
export type Coverage = z.output<typeof coverageSchema>;

export interface RequestRefused {
  readonly outcome: 'refused';
  readonly reason: RefusalReason;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
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
    .sort((a, b) => compare(a.from, b.from) || compare(a.blockId, b.blockId));
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
    if (keys.some((key) => customer.identifiers[key] !== undefined))
      byId.set(customer.id, customer);
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

/** The customer's contracts valid on `day`, earliest started first, then by id. */
export function validContracts(
  contracts: readonly Contract[],
  customerId: string,
  day: string,
): Contract[] {
  return contracts
    .filter((contract) => contract.customerId === customerId && isContractValidOn(contract, day))
    .sort((a, b) => compare(a.from, b.from) || compare(a.id, b.id));
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
      : request.sender
        ? identifyCustomer(snapshot.customers, request.sender)
        : refused(
            'unknown-customer',
            'The request names neither a customer nor a sender to recognise one by',
            {},
          );
  if ('outcome' in identified) return identified;
  const customer = identified;
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
      .sort((a, b) => compare(a.id, b.id))
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

/** What a request is about, on its day, with what the installed base knows put first. */
interface Subject {
  readonly serialNumber?: string;
  readonly siteId?: string;
  readonly item?: string;
  /** The equipment, when it is the customer's on the request day. */
  readonly equipment?: Equipment;
}

/**
 * B4, for a customer whose contracts are among `contracts` (others and those not valid on
 * the request day are ignored; at least one must be valid). Warranty first; then the most specific coverage line of the requested service
 * effective that day: serial number, item at the site, the site, the item. Between lines
 * equally specific the larger share wins, then the lower contract id, then the lower line
 * id. The contract charged is the matching line's; without one, the contract the
 * equipment is registered under when it is valid, else the earliest started valid contract
 * (then the lowest id).
 */
export function coverageFor(
  customerId: string,
  candidates: readonly Contract[],
  equipment: EquipmentState,
  request: Omit<CustomerRequest, 'sender'>,
): Coverage {
  const { day, service } = request;
  const contracts = validContracts(candidates, customerId, day);
  if (contracts.length === 0) {
    throw new DomainError(
      'NoActiveContract',
      `Customer ${customerId} has no contract valid on ${day}: there is no coverage to decide`,
      { customerId, day },
    );
  }
  const subject = subjectOn(customerId, equipment, request);
  const evaluated = {
    siteId: subject.siteId,
    item: subject.item,
    serialNumber: subject.serialNumber,
  };
  const fallback = chargedContract(contracts, subject.equipment);

  if (subject.equipment && isUnderWarranty(subject.equipment, day)) {
    return coverageRecord({
      day,
      service,
      verdict: 'covered',
      rule: 'warranty',
      contractId: fallback.id,
      share: 100,
      chargeable: false,
      warrantyUntil: subject.equipment.warrantyUntil,
      serviceLevelPolicyId: fallback.serviceLevelPolicyId,
      ...evaluated,
    });
  }

  const match = bestLine(contracts, service, day, subject);
  if (!match) {
    return coverageRecord({
      day,
      service,
      verdict: 'not-covered',
      contractId: fallback.id,
      share: 0,
      chargeable: true,
      serviceLevelPolicyId: fallback.serviceLevelPolicyId,
      ...evaluated,
    });
  }
  const { contract, lineId, line } = match;
  return coverageRecord({
    day,
    service,
    verdict: line.share === 100 ? 'covered' : 'partly-covered',
    rule: scopeKind(line.scope),
    contractId: contract.id,
    lineId,
    share: line.share,
    chargeable: line.share < 100,
    limits: line.limits,
    serviceLevelPolicyId: contract.serviceLevelPolicyId,
    ...evaluated,
  });
}

/**
 * The serial number is the request's. When the installed base knows it as the customer's
 * on the request day, its item and its site ON THAT DAY replace what the request says;
 * equipment that was not yet installed, or stood for another customer that day, adds nothing.
 */
function subjectOn(
  customerId: string,
  equipment: EquipmentState,
  request: Omit<CustomerRequest, 'sender'>,
): Subject {
  const placement =
    equipment &&
    request.serialNumber !== undefined &&
    equipment.serialNumber === request.serialNumber
      ? placementOn(equipment, request.day)
      : undefined;
  if (equipment && placement?.customerId === customerId) {
    return {
      serialNumber: equipment.serialNumber,
      siteId: placement.siteId,
      item: equipment.item,
      equipment,
    };
  }
  return strip({ serialNumber: request.serialNumber, siteId: request.siteId, item: request.item });
}

function chargedContract(
  contracts: readonly Contract[],
  equipment: Equipment | undefined,
): Contract {
  const registered =
    equipment?.contractId === undefined
      ? undefined
      : contracts.find((contract) => contract.id === equipment.contractId);
  return registered ?? contracts[0]!;
}

function matches(scope: CoverageScope, subject: Subject): boolean {
  if ('serialNumber' in scope) return subject.serialNumber === scope.serialNumber;
  if ('item' in scope && 'siteId' in scope)
    return subject.item === scope.item && subject.siteId === scope.siteId;
  if ('siteId' in scope) return subject.siteId === scope.siteId;
  return subject.item === scope.item;
}

interface LineMatch {
  readonly contract: Contract;
  readonly lineId: string;
  readonly line: CoverageLine;
  readonly rank: number;
}

function bestLine(
  contracts: readonly Contract[],
  service: Service,
  day: string,
  subject: Subject,
): LineMatch | undefined {
  let best: LineMatch | undefined;
  for (const contract of contracts) {
    for (const [lineId, line] of Object.entries(contract.lines)) {
      if (
        line.service !== service ||
        !isLineEffectiveOn(contract, line, day) ||
        !matches(line.scope, subject)
      )
        continue;
      const candidate = { contract, lineId, line, rank: scopeKinds.indexOf(scopeKind(line.scope)) };
      if (!best || better(candidate, best)) best = candidate;
    }
  }
  return best;
}

function better(a: LineMatch, b: LineMatch): boolean {
  const order =
    a.rank - b.rank ||
    b.line.share - a.line.share ||
    compare(a.contract.id, b.contract.id) ||
    compare(a.lineId, b.lineId);
  return order < 0;
}

const identifierWords: Record<Identifier['kind'], string> = {
  email: 'e-mail address',
  phone: 'phone number',
  account: 'account id',
};

const ruleWords: Record<CoverageRule, string> = {
  warranty: 'the warranty',
  'serial-number': 'its serial number',
  'item-at-site': 'the item at the site',
  site: 'the site',
  item: 'the item',
};

/** The coverage decision in one sentence. */
export function describeCoverage(coverage: Coverage): string {
  const what = [
    coverage.serialNumber === undefined ? undefined : `serial number ${coverage.serialNumber}`,
    coverage.item === undefined ? undefined : `item ${coverage.item}`,
    coverage.siteId === undefined ? undefined : `site ${coverage.siteId}`,
  ].filter((part) => part !== undefined);
  const subject = `${coverage.service} on ${coverage.day}${what.length ? ` for ${what.join(', ')}` : ''}`;
  const line = coverage.lineId === undefined ? '' : `, line ${coverage.lineId}`;
  switch (coverage.verdict) {
    case 'covered':
      return coverage.rule === 'warranty'
        ? `Covered: ${subject} is under warranty until ${coverage.warrantyUntil}; charged to contract ${coverage.contractId}`
        : `Covered: ${subject} by contract ${coverage.contractId}${line} (${ruleWords[coverage.rule!]})`;
    case 'partly-covered':
      return `Partly covered (${coverage.share}%): ${subject} by contract ${coverage.contractId}${line} (${ruleWords[coverage.rule!]}); the rest is chargeable`;
    case 'not-covered':
      return `Not covered: ${subject} is covered by no contract; chargeable work only, charged to contract ${coverage.contractId}`;
  }
}

function refused(
  reason: RefusalReason,
  message: string,
  details: Record<string, unknown>,
): RequestRefused {
  return { outcome: 'refused', reason, message, details };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A coverage record without undefined members, so it has the same keys live and after a JSON round trip. */
function coverageRecord(coverage: Coverage): Coverage {
  return strip(coverage);
}
