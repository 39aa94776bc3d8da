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
  type ContractEvent,
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
  version: 1,
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
  // A forgotten customer's identifiers leave the index only by a rebuild (keyed by their values).
  forgetting: { rebuildFor: ['customer'] },
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

function applyCustomer(customerId: string, event: CustomerEvent, documents: Documents): void {
  fold(documents, 'customers', customerId, event, evolveCustomer);
  if (event.type === 'IdentifierAdded' || event.type === 'IdentifierRemoved') {
    const { identifier } = event.data;
    // An erased identifier (its customer forgotten) recognises nobody.
    if (identifier.value === ERASED) return;
    const key = identifierKey(identifier);
    const known = documents.get<IdentifierIndex>('identifiers', key);
    const others = (known?.customerIds ?? []).filter((id) => id !== customerId);
    const customerIds = event.type === 'IdentifierAdded' ? [...others, customerId].sort() : others;
    if (customerIds.length === 0) documents.delete('identifiers', key);
    else
      documents.put('identifiers', key, {
        identifier: key,
        kind: identifier.kind,
        customerIds,
      } satisfies IdentifierIndex);
  }
}

/** A customer's identifier entry keyed as the domain keys it; undefined once its value is erased. */
function openedIdentifierKey(entry: unknown): string | undefined {
  const identifier = entry as Identifier;
  return typeof identifier.value === 'string' && identifier.value !== ERASED
    ? identifierKey(identifier)
    : undefined;
}
