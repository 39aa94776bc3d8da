import { z } from 'zod';
import {
  type blockReasons,
  day,
  identifierKey,
  limitPeriods,
  normalisedIdentifier,
  senderIdentifiers,
  services,
  type Block,
  type Contact,
  type Contract,
  type CoverageLine,
  type CoverageScope,
  type Customer,
  type CustomerState,
  type Equipment,
  type EquipmentState,
  type Identifier,
  type MasterData,
  type Sender,
  type Site,
} from '../domain/index.js';
import { keyedRecord, strip } from '../domain/shared/objects.js';

/**
 * B5: master data maintained in an ERP, read through the same MasterData port as the
 * local read model. The ERP speaks its own language (customer numbers, validFrom/validTo,
 * block codes, coverage percent); this adapter validates what it receives at the boundary
 * and translates it into the domain's states. The transport (REST, SOAP, a database view)
 * is the injected client's business.
 */

/**
 * What the adapter needs from an ERP. Lookups that find nothing answer undefined or []. An
 * answer of another shape, or a record of another customer or unit than asked for, is an
 * ErpDataError; what the client throws (a timeout, a refused connection) is thrown as it is.
 * Either way the command that asked records nothing: a request waits on, unjudged.
 */
export interface ErpClient {
  /**
   * Customer numbers whose master record lists one of these identifiers. The adapter
   * sends them normalised: e-mail lower-cased, phone as digits only, account id trimmed.
   */
  searchCustomers(query: {
    readonly email?: string;
    readonly phone?: string;
    readonly account?: string;
  }): Promise<readonly string[]>;
  customer(customerNumber: string): Promise<unknown>;
  contracts(customerNumber: string): Promise<readonly unknown[]>;
  equipment(serialNumber: string): Promise<unknown>;
  /** Optional: a contract by its number, whoever's it is; without it, settings that name a contract are not checked. */
  contract?(contractNumber: string): Promise<unknown>;
}

const text = z.string().trim().min(1);

export const erpCustomerSchema = z.object({
  number: text,
  name: text,
  emails: z.array(text).default([]),
  phones: z.array(text).default([]),
  accounts: z.array(text).default([]),
  contacts: z
    .array(z.object({ id: text, name: text, email: text.optional(), phone: text.optional() }))
    .default([]),
  sites: z
    .array(
      z.object({
        id: text,
        name: text,
        city: text,
        country: z.string().regex(/^[A-Z]{2}$/),
        /** The service region the site lies in today (routing's facts); the ERP keeps no history of it. */
        region: text.optional(),
      }),
    )
    .default([]),
  blocks: z
    .array(
      z.object({
        id: text,
        code: z.enum(['PAYMENT', 'DOCUMENTS', 'OTHER']),
        text: text.optional(),
        validFrom: day,
        validTo: day.optional(),
        released: z.boolean().default(false),
      }),
    )
    .default([]),
});
export type ErpCustomer = z.input<typeof erpCustomerSchema>;

export const erpContractSchema = z.object({
  number: text,
  customerNumber: text,
  validFrom: day,
  validTo: day,
  terminated: z.object({ date: day, reason: text }).optional(),
  slaPolicy: text.optional(),
  lines: z
    .array(
      z.object({
        id: text,
        service: z.enum(services),
        serialNumber: text.optional(),
        item: text.optional(),
        siteId: text.optional(),
        coveragePercent: z.number().int().min(1).max(100),
        hours: z.number().positive().optional(),
        visits: z.number().int().positive().optional(),
        limitPeriod: z.enum(limitPeriods).optional(),
        validFrom: day.optional(),
        validTo: day.optional(),
      }),
    )
    .default([]),
});
export type ErpContract = z.input<typeof erpContractSchema>;

export const erpEquipmentSchema = z.object({
  serialNumber: text,
  item: text,
  warrantyEnd: day.optional(),
  contractNumber: text.optional(),
  /** Owner and site from a day on; the adapter orders them by day. */
  history: z.array(z.object({ from: day, customerNumber: text, siteId: text })).min(1),
});
export type ErpEquipment = z.input<typeof erpEquipmentSchema>;

/** The ERP answered something the domain cannot take: a defect worth failing loudly on. */
export class ErpDataError extends Error {
  constructor(
    readonly record: string,
    message: string,
  ) {
    super(`ERP ${record}: ${message}`);
    this.name = 'ErpDataError';
  }
}

const blockReasonOf: Record<'PAYMENT' | 'DOCUMENTS' | 'OTHER', (typeof blockReasons)[number]> = {
  PAYMENT: 'non-payment',
  DOCUMENTS: 'missing-documents',
  OTHER: 'other',
};

export class ErpMasterData implements MasterData {
  /** Present only where the ERP client looks a contract up by its number. */
  readonly contract?: (contractId: string) => Promise<Contract | null>;

  constructor(private readonly client: ErpClient) {
    const lookUp = client.contract?.bind(client);
    if (lookUp)
      this.contract = async (contractId) => {
        const record = await lookUp(contractId);
        if (record === undefined || record === null) return null;
        const contract = contractFromErp(
          parse(erpContractSchema, record, `contract ${contractId}`),
        );
        return contract.id === contractId ? contract : null;
      };
  }

  async findCustomerIds(sender: Sender): Promise<readonly string[]> {
    const query: { email?: string; phone?: string; account?: string } = {};
    for (const identifier of senderIdentifiers(sender))
      query[identifier.kind] = normalisedIdentifier(identifier);
    // Named by the kinds searched, not the values: they are personal data, and errors reach logs.
    const what = `search by ${Object.keys(query).join(', ')}`;
    const numbers = parse(z.array(text), await this.client.searchCustomers(query), what);
    return [...new Set(numbers)].sort();
  }

  async customer(customerId: string): Promise<CustomerState> {
    const record = await this.client.customer(customerId);
    if (record === undefined || record === null) return null;
    const what = `customer ${customerId}`;
    const customer = parse(erpCustomerSchema, record, what);
    ensureAskedFor(what, 'customer', customer.number, customerId);
    return customerFromErp(customer);
  }

  async contractsOf(customerId: string): Promise<readonly Contract[]> {
    const records = parse(
      z.array(z.unknown()),
      await this.client.contracts(customerId),
      `contracts of customer ${customerId}`,
    );
    return records
      .map((record, index) => {
        const what = `contract ${index + 1} of customer ${customerId}`;
        const contract = parse(erpContractSchema, record, what);
        ensureAskedFor(what, 'customer', contract.customerNumber, customerId);
        return contractFromErp(contract);
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async equipment(serialNumber: string): Promise<EquipmentState> {
    const record = await this.client.equipment(serialNumber);
    if (record === undefined || record === null) return null;
    const what = `equipment ${serialNumber}`;
    const equipment = parse(erpEquipmentSchema, record, what);
    ensureAskedFor(what, 'serial number', equipment.serialNumber, serialNumber);
    return equipmentFromErp(equipment);
  }
}

/** A record of another customer or unit than asked for would be judged as the one asked for: a wrong verdict, recorded. */
function ensureAskedFor(what: string, field: string, answered: string, asked: string): void {
  if (answered !== asked)
    throw new ErpDataError(what, `answered with a record of ${field} ${answered}`);
}

function parse<S extends z.ZodType>(schema: S, record: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(record);
  if (!parsed.success) throw new ErpDataError(what, z.prettifyError(parsed.error));
  return parsed.data;
}

/** The ERP's ids are its own, any text: records keyed by them have no prototype, so `__proto__` is a key like any other. */
export function customerFromErp(record: z.output<typeof erpCustomerSchema>): Customer {
  const identifiers = keyedRecord<Identifier>();
  const add = (identifier: Identifier) => (identifiers[identifierKey(identifier)] ??= identifier);
  for (const value of record.emails) add({ kind: 'email', value });
  for (const value of record.phones) add({ kind: 'phone', value });
  for (const value of record.accounts) add({ kind: 'account', value });
  const contacts = keyedRecord<Contact>();
  for (const { id, name, email, phone } of record.contacts)
    contacts[id] = strip({ name, email, phone });
  const sites = keyedRecord<Site>();
  for (const { id, name, city, country, region } of record.sites)
    sites[id] = { name, city, country, ...(region ? { regions: [{ region }] } : {}) };
  const blocks = keyedRecord<Block>();
  for (const block of record.blocks) {
    // Blocks are judged by their days (B2): released, a block without a last day would stay in force for ever.
    if (block.released && block.validTo === undefined)
      throw new ErpDataError(
        `customer ${record.number}`,
        `block ${block.id} is released but has no last day (validTo)`,
      );
    blocks[block.id] = strip({
      reason: blockReasonOf[block.code],
      note: block.text,
      from: block.validFrom,
      until: block.validTo,
      released: block.released,
    });
  }
  return { id: record.number, name: record.name, identifiers, contacts, sites, blocks };
}

export function contractFromErp(record: z.output<typeof erpContractSchema>): Contract {
  const what = `contract ${record.number}`;
  const termination = record.terminated;
  const until =
    termination && termination.date < record.validTo ? termination.date : record.validTo;
  if (until < record.validFrom)
    throw new ErpDataError(what, `ends (${until}) before it starts (${record.validFrom})`);
  const lines = keyedRecord<CoverageLine>();
  for (const line of record.lines) {
    const limits =
      line.hours === undefined && line.visits === undefined
        ? undefined
        : strip({ hours: line.hours, visits: line.visits, per: line.limitPeriod ?? 'contract' });
    lines[line.id] = strip({
      service: line.service,
      scope: scopeOf(line, `${what} line ${line.id}`),
      share: line.coveragePercent,
      limits,
      from: line.validFrom,
      until: line.validTo,
    });
  }
  return strip({
    id: record.number,
    customerId: record.customerNumber,
    from: record.validFrom,
    until,
    serviceLevelPolicyId: record.slaPolicy,
    renewals: [],
    termination: termination && { until, reason: termination.reason },
    lines,
  });
}

function scopeOf(
  line: {
    serialNumber?: string | undefined;
    item?: string | undefined;
    siteId?: string | undefined;
  },
  what: string,
): CoverageScope {
  const { serialNumber, item, siteId } = line;
  if (serialNumber !== undefined) {
    if (item !== undefined || siteId !== undefined)
      throw new ErpDataError(what, 'names a serial number and also an item or site');
    return { serialNumber };
  }
  if (item !== undefined && siteId !== undefined) return { item, siteId };
  if (siteId !== undefined) return { siteId };
  if (item !== undefined) return { item };
  throw new ErpDataError(what, 'covers neither a serial number, an item nor a site');
}

export function equipmentFromErp(record: z.output<typeof erpEquipmentSchema>): Equipment {
  const placements = [...record.history]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .map(({ from, customerNumber, siteId }) => ({ from, customerId: customerNumber, siteId }));
  for (let i = 1; i < placements.length; i++) {
    if (placements[i]!.from === placements[i - 1]!.from)
      throw new ErpDataError(
        `equipment ${record.serialNumber}`,
        `two placements start on ${placements[i]!.from}`,
      );
  }
  return strip({
    serialNumber: record.serialNumber,
    item: record.item,
    warrantyUntil: record.warrantyEnd,
    contractId: record.contractNumber,
    placements,
  });
}
