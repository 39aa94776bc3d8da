import {
  DomainError,
  initialOrganisation,
  invoiceDecider,
  invoiceStream,
  priceListDecider,
  priceListStream,
  KNOWLEDGE_STREAM,
  localDateOf,
  ORGANISATION_STREAM,
  organisationTimeZone,
  serviceLevelStream,
  SHARED_INBOX,
  versionAt,
  type AppliedServiceLevels,
  type Call,
  type InvoiceState,
  type PriceListState,
  type KnowledgeCatalogue,
  type MasterData,
  type Organisation,
  type RuleSetState,
  type ServiceLevelVersion,
  agendaStreamName,
  agendaWeekStreamName,
  engineerStreamName,
  type Agenda,
  type EngineerState,
  ROUTING_RULES_STREAM,
  type RoutingRulesState,
  itemStreamName,
  type CustomerState,
  type ItemState,
} from '../domain/index.js';
import type { RoutingMasterData } from '../projections/routing-facts.js';
import {
  agendaAggregate,
  engineerAggregate,
  itemAggregate,
  knowledgeAggregate,
  organisationAggregate,
  routingAggregate,
  serviceLevelAggregate,
} from './aggregates.js';
import type { StreamCache } from '../streams/cache.js';
import type { Loaded } from '../streams/index.js';

/** Open calls for the same customer and serial number, for the registration warning. */
export interface OpenCallIndex {
  openCallsFor(
    customerId: string,
    serialNumber: string,
  ): Promise<readonly string[]> | readonly string[];
  /** How many open calls are assigned to an engineer: least-loaded routing's measure (issue 21). */
  openWorkOf?(engineerId: string): Promise<number> | number;
}

/**
 * What decisions read besides their own stream, resolved before the decision so the
 * deciders stay pure: the organisation as recorded (routing, inboxes, policies, time zone),
 * the service-level rule sets, and the master data customers are validated against.
 */
export class DecisionContext implements RoutingMasterData {
  constructor(
    private readonly streams: StreamCache,
    /** The rules calls count by when nobody published any. */
    readonly builtInServiceLevels: ServiceLevelVersion,
    readonly masterData?: MasterData,
    readonly openCalls?: OpenCallIndex,
  ) {}

  /** The organisation as recorded: routing, inboxes and policies (billing, acceptance, time zone). */
  async organisation(): Promise<Organisation> {
    const loaded = await this.streams.load(ORGANISATION_STREAM, organisationAggregate.decider);
    return loaded.revision >= 0n ? loaded.state : initialOrganisation();
  }

  /** An engineer as master data knows them (null: not defined). */
  async engineer(engineerId: string): Promise<EngineerState> {
    return (await this.streams.load(engineerStreamName(engineerId), engineerAggregate.decider))
      .state;
  }

  /** An item as master data knows it: its item group as of a day (null: not defined). */
  async item(item: string): Promise<ItemState> {
    return (await this.streams.load(itemStreamName(item), itemAggregate.decider)).state;
  }

  /** Every published version of a price list (none: never published). */
  async priceList(priceListId: string): Promise<PriceListState> {
    return (await this.streams.load(priceListStream(priceListId), priceListDecider)).state;
  }

  /** The call's invoice as billing recorded it (state null: never billed), with its revision. */
  invoice(callId: string): Promise<Loaded<InvoiceState>> {
    return this.streams.load(invoiceStream(callId), invoiceDecider);
  }

  /** A customer as master data knows them (null without master data: customers unknown here). */
  async customer(customerId: string): Promise<CustomerState> {
    return this.masterData ? this.masterData.customer(customerId) : null;
  }

  /** Whether master data knows a contract (undefined: it cannot look one up by its id). */
  async contractKnown(contractId: string): Promise<boolean | undefined> {
    if (!this.masterData?.contract) return undefined;
    return (await this.masterData.contract(contractId)) !== null;
  }

  /** An engineer's own agenda stream (absences, and visits booked before week streams) with its revision. */
  agenda(engineerId: string): Promise<Loaded<Agenda>> {
    return this.streams.load(agendaStreamName(engineerId), agendaAggregate.decider);
  }

  /** The visits an engineer has starting in an ISO week, with the week stream's revision. */
  agendaWeek(engineerId: string, week: string): Promise<Loaded<Agenda>> {
    return this.streams.load(agendaWeekStreamName(engineerId, week), agendaAggregate.decider);
  }

  /** Every published version of the routing rules (issue 21); none: calls are not routed. */
  async routingRules(): Promise<RoutingRulesState> {
    return (await this.streams.load(ROUTING_RULES_STREAM, routingAggregate.decider)).state;
  }

  /** The knowledge catalogue (C1) as recorded: coded problems, causes and solutions. */
  async knowledge(): Promise<KnowledgeCatalogue> {
    return (await this.streams.load(KNOWLEDGE_STREAM, knowledgeAggregate.decider)).state;
  }

  /** The organisation's recorded zone for calendar days (SetTimeZone; default UTC). */
  async timeZone(): Promise<string> {
    return organisationTimeZone(await this.organisation());
  }

  /** The calendar day of an instant in the organisation's recorded zone. */
  async dayOf(at: Date): Promise<string> {
    return localDateOf(organisationTimeZone(await this.organisation()), at);
  }

  /** The inbox a request on this channel waits in: the shared one, or the channel's own. */
  async inboxFor(channel: string): Promise<string> {
    return (await this.organisation()).inboxes.mode === 'per-channel' ? channel : SHARED_INBOX;
  }

  /**
   * The rules a new call counts by, and where they come from: the contract's or the
   * customer's policy, else the company default rule set in effect at the reported time,
   * else callstream's built-in rules.
   */
  async appliedServiceLevels(
    reportedAt: Date,
    contractPolicy?: string,
    customerPolicy?: string,
  ): Promise<AppliedServiceLevels> {
    const contractVersion = contractPolicy
      ? versionAt(await this.publishedRuleSet(contractPolicy), reportedAt)
      : undefined;
    if (contractVersion) return { version: contractVersion, source: 'contract' };
    const customerVersion = customerPolicy
      ? versionAt(await this.publishedRuleSet(customerPolicy), reportedAt)
      : undefined;
    if (customerVersion) return { version: customerVersion, source: 'customer' };
    const ruleSetId = (await this.organisation()).defaultServiceLevels;
    const version = ruleSetId
      ? versionAt(await this.publishedRuleSet(ruleSetId), reportedAt)
      : undefined;
    return version
      ? { version, source: 'company' }
      : { version: this.builtInServiceLevels, source: 'built-in' };
  }

  /** The exact rule-set version a call recorded. */
  async callServiceLevels(call: Call): Promise<ServiceLevelVersion> {
    const level = call.serviceLevel;
    const builtIn = this.builtInServiceLevels;
    if (!level || (level.ruleSetId === builtIn.ruleSetId && level.version === builtIn.version))
      return builtIn;
    const version = (await this.publishedRuleSet(level.ruleSetId)).find(
      (v) => v.version === level.version,
    );
    if (!version)
      throw new DomainError(
        'ServiceLevelsNotFound',
        `Call ${call.number} counts by service levels ${level.ruleSetId} v${level.version}, which are not in the store`,
      );
    return version;
  }

  /** Every published version of a rule set (callstream's built-in one included). */
  async ruleSet(ruleSetId: string): Promise<RuleSetState> {
    if (ruleSetId === this.builtInServiceLevels.ruleSetId) return [this.builtInServiceLevels];
    return this.publishedRuleSet(ruleSetId);
  }

  private async publishedRuleSet(ruleSetId: string): Promise<RuleSetState> {
    return (await this.streams.load(serviceLevelStream(ruleSetId), serviceLevelAggregate.decider))
      .state;
  }
}
