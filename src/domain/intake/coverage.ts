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
  isUnderWarranty,
  placementOn,
  type Equipment,
  type EquipmentState,
} from '../equipment/state.js';
import { DomainError } from '../shared/errors.js';
import { compareText, strip } from '../shared/objects.js';
import { day, id, shortText } from '../shared/schema.js';
import type { CustomerRequest } from './validation.js';

/**
 * Coverage (B4): on a request's day, whether the work is covered — by the equipment's
 * warranty, or by the best-matching line of a valid contract — and by which, in what share.
 */
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
  /** Who the installed base has the serial number with that day, when another customer: nothing of this one's covers it. */
  owner: id.optional(),
});
export type Coverage = z.output<typeof coverageSchema>;

/** What a request is about, on its day, with what the installed base knows put first. */
interface Subject {
  readonly serialNumber?: string;
  readonly siteId?: string;
  readonly item?: string;
  /** The equipment, when it is the customer's on the request day. */
  readonly equipment?: Equipment;
  /** The customer the installed base has the serial number with on the request day, when another. */
  readonly owner?: string;
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

  // Another customer's unit: this customer's contracts cover none of its work, whatever its site.
  const match =
    subject.owner === undefined ? bestLine(contracts, service, day, subject) : undefined;
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
      owner: subject.owner,
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
 * equipment not yet installed adds nothing; equipment standing for another customer that
 * day names its owner.
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
  return strip({
    serialNumber: request.serialNumber,
    siteId: request.siteId,
    item: request.item,
    owner: placement?.customerId,
  });
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
    compareText(a.contract.id, b.contract.id) ||
    compareText(a.lineId, b.lineId);
  return order < 0;
}

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
      return `Not covered: ${subject} ${coverage.owner === undefined ? 'is covered by no contract' : `is equipment of customer ${coverage.owner} in the installed base`}; chargeable work only, charged to contract ${coverage.contractId}`;
  }
}

/** A coverage record without undefined members, so it has the same keys live and after a JSON round trip. */
function coverageRecord(coverage: Coverage): Coverage {
  return strip(coverage);
}

/** The customer's contracts valid on `day`, earliest started first, then by id. */
export function validContracts(
  contracts: readonly Contract[],
  customerId: string,
  day: string,
): Contract[] {
  return contracts
    .filter((contract) => contract.customerId === customerId && isContractValidOn(contract, day))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.id, b.id));
}
