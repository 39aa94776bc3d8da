import {
  CONTRACT_STREAM_PREFIX,
  contractEventTypes,
  CUSTOMER_STREAM_PREFIX,
  customerEventTypes,
  EQUIPMENT_STREAM_PREFIX,
  equipmentEventTypes,
  evolveContract,
  evolveCustomer,
  evolveEquipment,
  identifierKey,
  recognisedKeys,
  type ContractEvent,
  type Customer,
  type CustomerEvent,
  type EquipmentEvent,
  type Identifier,
  type IdentifierKind,
} from '../domain/index.js';
import { ERASED } from '../privacy/sealed.js';
import type { Document, Documents, ProjectedEvent, Projection } from './types.js';

/**
 * The master data of B as a read model: each customer, contract and piece of equipment as
 * its aggregate's own state (folded with its own evolve, so the read model can never
 * disagree with the aggregate), and an index from each normalised identifier to the
 * customers it recognises. States hold days, never instants: they are plain JSON and need
 * no codec. Identifier keys hold normalised e-mail addresses and phone numbers: personal
 * data, forgotten by a rebuild once the events are.
 */
export const MASTER_DATA_PROJECTION = 'master-data';

/** One document per normalised identifier: the customers it recognises (normally one), sorted. */
export interface IdentifierIndex extends Document {
  identifier: string;
  kind: IdentifierKind;
  customerIds: string[];
}

/**
 * A state as its document: the same fields, as an object type (a Document takes those; an
 * interface, which may gain members, it does not). States are plain JSON, so nothing changes.
 */
export type StateDocument<T> = { [K in keyof T]: T[K] };

const customerTypes: ReadonlySet<string> = new Set(customerEventTypes);
const contractTypes: ReadonlySet<string> = new Set(contractEventTypes);
const equipmentTypes: ReadonlySet<string> = new Set(equipmentEventTypes);

export const masterDataProjection: Projection = {
  name: MASTER_DATA_PROJECTION,
  version: 2,
  collections: {
    // Contacts and identifiers sealed under their subject's key, identifier keys hashed (docs/privacy.md).
    customers: {
      privacy: {
        fields: [
          {
            path: 'identifiers.*.value',
            subject: (key, _stars, identifier) =>
              identifier.kind === 'account' ? undefined : `customer:${key}`,
          },
          ...['name', 'email', 'phone'].map((field) => ({
            path: `contacts.*.${field}`,
            subject: (key: string, stars: readonly string[]) => `contact:${key}/${stars[0]}`,
          })),
        ],
        hashedMaps: [{ path: 'identifiers', keyOf: openedIdentifierKey }],
      },
    },
    identifiers: { privacy: { fields: [], hashedKeys: { field: 'identifier' } } },
    contracts: { indexes: ['customerId'] },
    equipment: {},
  },
  // A forgotten customer's identifiers and a forgotten contact's addresses leave the index only by a rebuild (keyed by their values).
  forgetting: { rebuildFor: ['customer', 'contact'] },
  eventTypes: new Set([...customerEventTypes, ...contractEventTypes, ...equipmentEventTypes]),
  apply(projected: ProjectedEvent, documents: Documents): void {
    const { event, streamName } = projected;
    if (customerTypes.has(event.type))
      applyCustomer(
        streamName.slice(CUSTOMER_STREAM_PREFIX.length),
        event as CustomerEvent,
        documents,
      );
    else if (contractTypes.has(event.type))
      fold(
        documents,
        'contracts',
        streamName.slice(CONTRACT_STREAM_PREFIX.length),
        event as ContractEvent,
        evolveContract,
      );
    else if (equipmentTypes.has(event.type))
      fold(
        documents,
        'equipment',
        streamName.slice(EQUIPMENT_STREAM_PREFIX.length),
        event as EquipmentEvent,
        evolveEquipment,
      );
  },
};

function fold<S extends object, E>(
  documents: Documents,
  collection: string,
  key: string,
  event: E,
  evolve: (state: S | null, event: E) => S | null,
): void {
  const before: S | null = documents.get<StateDocument<S>>(collection, key) ?? null;
  const after: StateDocument<S> | null = evolve(before, event);
  if (after !== null) documents.put(collection, key, after);
}

/**
 * Folds the customer, then moves the identifier index by what recognises them before and
 * after: an identifier added or removed, a contact's e-mail address or phone number added,
 * changed or removed. One key may come from an identifier and a contact at once: it stops
 * recognising the customer only when neither is left.
 */
function applyCustomer(customerId: string, event: CustomerEvent, documents: Documents): void {
  const before = documents.get<StateDocument<Customer>>('customers', customerId) ?? null;
  fold(documents, 'customers', customerId, event, evolveCustomer);
  if (!recognitionTypes.has(event.type)) return;
  const after = documents.get<StateDocument<Customer>>('customers', customerId) ?? null;
  const was = before ? recognisedKeys(before) : new Map<string, IdentifierKind>();
  const is = after ? recognisedKeys(after) : new Map<string, IdentifierKind>();
  for (const [key, kind] of is) if (!was.has(key)) index(documents, key, kind, customerId, true);
  for (const [key, kind] of was) if (!is.has(key)) index(documents, key, kind, customerId, false);
}

/** The events that can change who recognises a customer. */
const recognitionTypes: ReadonlySet<string> = new Set([
  'IdentifierAdded',
  'IdentifierRemoved',
  'ContactAdded',
  'ContactChanged',
  'ContactRemoved',
]);

function index(
  documents: Documents,
  key: string,
  kind: IdentifierKind,
  customerId: string,
  recognises: boolean,
): void {
  const known = documents.get<IdentifierIndex>('identifiers', key);
  const others = (known?.customerIds ?? []).filter((id) => id !== customerId);
  const customerIds = recognises ? [...others, customerId].sort() : others;
  if (customerIds.length === 0) documents.delete('identifiers', key);
  else
    documents.put('identifiers', key, {
      identifier: key,
      kind,
      customerIds,
    } satisfies IdentifierIndex);
}

/** A customer's identifier entry keyed as the domain keys it; undefined once its value is erased. */
function openedIdentifierKey(entry: unknown): string | undefined {
  const identifier = entry as Identifier;
  return typeof identifier.value === 'string' && identifier.value !== ERASED
    ? identifierKey(identifier)
    : undefined;
}
