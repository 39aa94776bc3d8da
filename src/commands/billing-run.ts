import {
  billingOutstanding,
  DomainError,
  type Actor,
  type BilledStanding,
  type BillingBasis,
  type InvoiceTrigger,
} from '../domain/index.js';
import type { CommandRequestOf } from './requests.js';
import type { AggregateResult } from './results.js';
import { nameUuid } from '../streams/index.js';

export interface BillingRunReport {
  readonly billed: number;
  readonly nothingToInvoice: number;
  readonly issued: number;
  readonly notReady: number;
  readonly refused: Readonly<Record<string, number>>;
  /** Each call refused, with why: it stays unbilled until its cause is put right. */
  readonly refusals: ReadonlyArray<{
    readonly callId: string;
    readonly code: string;
    readonly message: string;
  }>;
}

/** A call billing may owe something, as the calls read model shows it: finished, or cancelled with work booked. */
export interface BillableCall {
  readonly callId: string;
  /** The sources billing would price now (see domain billedSources), and the contract charged. */
  readonly billedSources: readonly string[];
  readonly contractId: string | null;
  /** The invoicing moments the call has reached (see domain invoicingMomentsReached). */
  readonly readyOn: readonly InvoiceTrigger[];
}

/** A call's invoice as the billing read model shows it. */
export interface BilledCall extends BilledStanding {
  readonly proposedAt: string;
  /** The invoice stream's revision of the proposal: what names it, whatever its instant. */
  readonly proposalRevision: number;
  readonly credit?: { readonly number: string } | null;
}

export interface BillingRunPorts {
  /**
   * The finished calls (cancelled ones with work booked among them) that are not billed as
   * they stand or hold a proposal to issue (an index of the calls read model): never the calls long settled.
   */
  callsDue(): Iterable<BillableCall>;
  /** The call's invoice as the billing read model shows it, if it has one. */
  invoiceOf(callId: string): BilledCall | undefined;
  /**
   * When calls charged to this contract (or to none) are invoiced: the billing policy's
   * moment as the run found it, undefined without a policy.
   */
  invoicingMoment(contractId: string | null): InvoiceTrigger | undefined;
  execute(command: CommandRequestOf<'BillCall' | 'IssueInvoice'>): Promise<AggregateResult>;
}

/**
 * The billing process (D4): bills every call that reached the company's (or its
 * contract's) invoicing moment and is not billed yet, bills again a call whose proposal
 * (or "nothing to invoice") no longer prices its work, and optionally issues the proposals
 * at once. Idempotent: command ids derive from the call and its billing round (a credited
 * invoice opens the next round; so does a proposal that work booked or cancelled since
 * outdated). A call short of its invoicing moment, or without a billing policy, is counted
 * as BillCall would refuse it, without sending it: a run costs what it can bill.
 */
export async function runBilling(
  ports: BillingRunPorts,
  options: { issue?: boolean; actor: Actor; at?: Date },
): Promise<BillingRunReport> {
  const { actor } = options;
  // Dated by the caller, a command is another one at another instant: its id says which.
  const dated = options.at ? { at: options.at.toISOString() } : {};
  const commandId = (name: string) => nameUuid(options.at ? `${name}@${dated.at}` : name);
  const report = {
    billed: 0,
    nothingToInvoice: 0,
    issued: 0,
    notReady: 0,
    // Error codes, ours: never user data.
    refused: {} as Record<string, number>,
    refusals: [] as Array<BillingRunReport['refusals'][number]>,
  };
  const refusedAs = (callId: string, code: string, message: string) => {
    report.refused[code] = (report.refused[code] ?? 0) + 1;
    report.refusals.push({ callId, code, message });
  };
  const refused = (callId: string, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    refusedAs(callId, error.code, error.message);
  };
  for (const summary of ports.callsDue()) {
    const { callId } = summary;
    const existing = ports.invoiceOf(callId);
    const round = billingRound(existing, {
      sources: summary.billedSources,
      contractId: summary.contractId,
    });
    // The proposal to issue: the one this round made, from its result (a read model that is
    // not folded inline has not seen it yet), or the one the call was billed with before.
    let proposalRevision = existing?.status === 'proposed' ? existing.proposalRevision : undefined;
    if (round !== undefined) {
      const moment = ports.invoicingMoment(summary.contractId);
      if (moment === undefined) {
        refusedAs(
          callId,
          'NoBillingPolicy',
          `No billing policy says when ${summary.contractId === null ? 'calls without a contract' : `calls of contract ${summary.contractId}`} are invoiced`,
        );
        continue;
      }
      if (!summary.readyOn.includes(moment)) {
        report.notReady++;
        continue;
      }
      try {
        const result = await ports.execute({
          type: 'BillCall',
          commandId: commandId(`billing/${callId}/${round}`),
          actor,
          call: callId,
          ...dated,
        });
        const proposed = result.events.find((e) => e.type === 'InvoiceProposed');
        if (proposed) report.billed++;
        else report.nothingToInvoice++;
        proposalRevision = proposed ? Number(proposed.revision) : undefined;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NotReadyForBilling') report.notReady++;
        else refused(callId, error);
        continue;
      }
    }
    if (options.issue && proposalRevision !== undefined) {
      try {
        const issued = await ports.execute({
          type: 'IssueInvoice',
          // Each proposal is issued once: a later one (billed again, or after a credit) is another.
          commandId: commandId(`issue/${callId}/${proposalRevision}`),
          actor,
          call: callId,
          ...dated,
        });
        if (!issued.duplicate) report.issued++;
      } catch (error) {
        refused(callId, error);
      }
    }
  }
  return report;
}

/**
 * Which billing round a call is due for, undefined when it is billed as it stands: the first;
 * the next after a credit note; or again, after the proposal it supersedes, when its lines
 * price other work than the call now has.
 */
function billingRound(invoice: BilledCall | undefined, basis: BillingBasis): string | undefined {
  if (!billingOutstanding(invoice, basis)) return undefined;
  if (!invoice) return 'first';
  if (invoice.status === 'credited') return `credited-${invoice.credit?.number}`;
  return `after-${invoice.proposalRevision}`;
}
