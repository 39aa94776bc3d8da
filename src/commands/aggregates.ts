import {
  billingCommandSchemas,
  billingPermissions,
  contractCommandSchemas,
  contractDecider,
  contractPermissions,
  contractStreamName,
  customerCommandSchemas,
  customerDecider,
  customerPermissions,
  customerStreamName,
  equipmentCommandSchemas,
  equipmentDecider,
  equipmentPermissions,
  equipmentStreamName,
  givenUuid,
  id,
  invoiceDecider,
  KNOWLEDGE_STREAM,
  knowledgeCommandSchemas,
  knowledgeDecider,
  knowledgePermissions,
  maintenanceCommandSchemas,
  maintenancePermissions,
  maintenancePlanDecider,
  maintenancePlanStreamName,
  meterCommandSchemas,
  meterDecider,
  meterPermissions,
  meterStreamName,
  notificationCommandSchemas,
  notificationDecider,
  notificationPermissions,
  notificationStreamName,
  personCommandSchemas,
  personDecider,
  personId,
  personPermissions,
  personStreamName,
  ORGANISATION_STREAM,
  organisationCommandSchemas,
  organisationDecider,
  organisationPermissions,
  priceListCommandSchemas,
  priceListDecider,
  priceListPermissions,
  priceListStream,
  requestCommandSchemas,
  requestDecider,
  requestPermissions,
  requestStreamName,
  serviceLevelCommandSchemas,
  serviceLevelDecider,
  serviceLevelPermissions,
  serviceLevelStream,
  shortText,
  engineerCommandSchemas,
  engineerDecider,
  engineerPermissions,
  engineerStreamName,
  itemCommandSchemas,
  itemDecider,
  itemPermissions,
  itemStreamName,
  agendaCommandSchemas,
  agendaDecider,
  agendaPermissions,
  agendaStreamName,
  routingCommandSchemas,
  routingDecider,
  routingPermissions,
  ROUTING_RULES_STREAM,
} from '../domain/index.js';
import { aggregate, perInstance, type RegisteredAggregate } from './aggregate.js';

export const organisationAggregate = aggregate({
  name: 'organisation',
  commandSchemas: organisationCommandSchemas,
  permissions: organisationPermissions,
  streamOf: () => ORGANISATION_STREAM,
  decider: organisationDecider,
});

export const serviceLevelAggregate = aggregate({
  name: 'service-levels',
  commandSchemas: serviceLevelCommandSchemas,
  permissions: serviceLevelPermissions,
  streamOf: (payload) => serviceLevelStream(String(payload.ruleSetId)),
  decider: serviceLevelDecider,
});

export const customerAggregate = perInstance({
  name: 'customer',
  target: { field: 'customerId', schema: id },
  commandSchemas: customerCommandSchemas,
  permissions: customerPermissions,
  stream: customerStreamName,
  decider: customerDecider,
});
export const contractAggregate = perInstance({
  name: 'contract',
  target: { field: 'contractId', schema: id },
  commandSchemas: contractCommandSchemas,
  permissions: contractPermissions,
  stream: contractStreamName,
  decider: contractDecider,
});
export const equipmentAggregate = perInstance({
  name: 'equipment',
  target: { field: 'serialNumber', schema: shortText },
  commandSchemas: equipmentCommandSchemas,
  permissions: equipmentPermissions,
  stream: equipmentStreamName,
  decider: equipmentDecider,
});

/** Requests: submitted and declined here; accepted by the request intake process (request-intake.ts). */
export const requestAggregate = perInstance({
  name: 'request',
  target: { field: 'requestId', schema: id },
  commandSchemas: requestCommandSchemas,
  permissions: requestPermissions,
  stream: requestStreamName,
  decider: requestDecider,
});

export const priceListAggregate = aggregate({
  name: 'price-list',
  commandSchemas: priceListCommandSchemas,
  permissions: priceListPermissions,
  streamOf: (payload) => priceListStream(String(payload.priceListId)),
  decider: priceListDecider,
});

/** Billing commands act on a call's invoice; the pipeline handles them itself (they read the call, master data and prices). */
export const invoiceAggregate = aggregate({
  name: 'invoice',
  commandSchemas: billingCommandSchemas,
  permissions: billingPermissions,
  streamOf: () => {
    throw new Error('Billing commands are handled by the pipeline');
  },
  decider: invoiceDecider,
});

export const maintenancePlanAggregate = perInstance({
  name: 'maintenance-plan',
  target: { field: 'planId', schema: id },
  commandSchemas: maintenanceCommandSchemas,
  permissions: maintenancePermissions,
  stream: maintenancePlanStreamName,
  decider: maintenancePlanDecider,
});
/** The meters of one piece of equipment: its state starts empty (not null), so an alarm needs no meter first. */
export const meterAggregate = perInstance({
  name: 'meter',
  target: { field: 'serialNumber', schema: shortText },
  commandSchemas: meterCommandSchemas,
  permissions: meterPermissions,
  stream: meterStreamName,
  decider: meterDecider,
});

/** A data subject, forgotten (GDPR Art. 17): the key is destroyed by the store that holds it, see privacy/private-store.ts. */
export const personAggregate = perInstance({
  name: 'person',
  target: { field: 'person', schema: personId },
  commandSchemas: personCommandSchemas,
  permissions: personPermissions,
  stream: personStreamName,
  decider: personDecider,
});

/** A customer notification, recorded once by the outbox and its deliveries (outbox.ts). */
export const notificationAggregate = perInstance({
  name: 'notification',
  target: { field: 'notificationId', schema: givenUuid },
  commandSchemas: notificationCommandSchemas,
  permissions: notificationPermissions,
  stream: notificationStreamName,
  decider: notificationDecider,
});

/** Engineers as master data: profile versions (groups, skills, areas, calendar) as of a day. */
export const engineerAggregate = perInstance({
  name: 'engineer',
  target: { field: 'engineerId', schema: id },
  commandSchemas: engineerCommandSchemas,
  permissions: engineerPermissions,
  stream: engineerStreamName,
  decider: engineerDecider,
});
/** Items as master data: the item group of each, as of a day (routing's facts, issue 21). */
export const itemAggregate = perInstance({
  name: 'item',
  target: { field: 'item', schema: shortText },
  commandSchemas: itemCommandSchemas,
  permissions: itemPermissions,
  stream: itemStreamName,
  decider: itemDecider,
});
/**
 * An engineer's own agenda stream: absences (and visits booked before week streams). Visits are
 * booked in week streams with the call's events (visit-booking.ts); the pipeline decides
 * RecordAbsence with the weeks it spans (agenda-absences.ts), not through this decider alone.
 */
export const agendaAggregate = perInstance({
  name: 'agenda',
  target: { field: 'engineerId', schema: id },
  commandSchemas: agendaCommandSchemas,
  permissions: agendaPermissions,
  stream: agendaStreamName,
  decider: agendaDecider,
});

/** The routing rules' versions (issue 21): one stream, as the organisation's settings. */
export const routingAggregate = aggregate({
  name: 'routing-rules',
  commandSchemas: routingCommandSchemas,
  permissions: routingPermissions,
  streamOf: () => ROUTING_RULES_STREAM,
  decider: routingDecider,
});

/** The knowledge catalogue (C1): coded problems, causes and solutions. */
export const knowledgeAggregate = aggregate({
  name: 'knowledge',
  commandSchemas: knowledgeCommandSchemas,
  permissions: knowledgePermissions,
  streamOf: () => KNOWLEDGE_STREAM,
  decider: knowledgeDecider,
});

/** Every aggregate but the call's, each with its own types (see requests.ts). */
export const registeredAggregates = [
  organisationAggregate,
  serviceLevelAggregate,
  customerAggregate,
  contractAggregate,
  equipmentAggregate,
  requestAggregate,
  priceListAggregate,
  invoiceAggregate,
  maintenancePlanAggregate,
  meterAggregate,
  personAggregate,
  notificationAggregate,
  engineerAggregate,
  itemAggregate,
  agendaAggregate,
  routingAggregate,
  knowledgeAggregate,
] as const;

export const aggregates: readonly RegisteredAggregate[] = registeredAggregates;

/** Each command type's aggregate, looked up on every command: a Map, not a search of every aggregate's schemas. */
const aggregateByCommand = new Map<string, RegisteredAggregate>();
for (const aggregate of aggregates)
  for (const type of Object.keys(aggregate.commandSchemas)) {
    if (aggregateByCommand.has(type))
      throw new Error(
        `${type} is a command of two aggregates: ${aggregateByCommand.get(type)!.name} and ${aggregate.name}`,
      );
    aggregateByCommand.set(type, aggregate);
  }

export function aggregateOf(commandType: string): RegisteredAggregate | undefined {
  return aggregateByCommand.get(commandType);
}
