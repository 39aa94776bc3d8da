import {
  billingDimensions,
  type BillingDimension,
  type InvoiceDocument,
} from '../../projections/billing.js';
import type { Callstream } from '../../callstream.js';
import type { InvoiceHistoryEntry } from '../../projections/invoice-history.js';
import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  instantOption,
  numberOption,
  type Invocation,
  openExisting,
  stringOption,
  utcOptionOf,
} from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { cutNote, money as moneyCell, page, table, time } from '../shared/output.js';

const actions = ['totals', 'ready', 'invoice', 'allowances', 'run'] as const;

export const billing: CliCommand = {
  name: 'billing',
  summary:
    'The billing read model: totals per contract/customer/period, the ready-to-invoice queue, one call’s invoice, allowances; or run billing',
  usage: 'callstream billing [ACTION] [options]',
  defaultAction: 'totals',
  actions: [
    {
      name: 'totals',
      summary:
        'Booked, covered by warranty or contract, chargeable and invoiced, per contract, customer or period (the default action)',
      usage:
        'callstream billing [totals] [--by contract|customer|period] [--from INSTANT] [--to INSTANT]',
    },
    {
      name: 'ready',
      summary: 'The invoices proposed and waiting to be issued',
      usage: 'callstream billing ready',
    },
    {
      name: 'invoice',
      summary:
        'One call’s invoice, each line with why it is (not) covered, and every invoice and credit note issued on the call',
      usage: 'callstream billing invoice NUMBER [--utc]',
    },
    {
      name: 'allowances',
      summary:
        'Hours and visits used of contract allowances; given one allowance, the calls that used it',
      usage: 'callstream billing allowances [--contract ID] | [KEY [--limit N] [--utc]]',
    },
    {
      name: 'run',
      summary:
        'Run billing: propose an invoice for every call that is ready, again where work changed since',
      usage: 'callstream billing run [--issue] [--at INSTANT]',
    },
  ],
  options: {
    by: {
      type: 'string',
      description: `totals: ${billingDimensions.join(', ')} (default contract)`,
    },
    from: {
      type: 'string',
      description:
        'totals: calls invoiced (or proposed, not issued), invoices and credit notes issued, from this instant',
    },
    to: {
      type: 'string',
      description: 'totals: the same, before this instant',
    },
    contract: { type: 'string', description: 'allowances: one contract' },
    limit: {
      type: 'string',
      description: 'allowances: with a KEY, at most N of its calls (default 50)',
    },
    issue: { type: 'boolean', description: 'run: also issue the invoices proposed' },
    at: {
      type: 'string',
      description:
        'run: the instant it bills and issues as of, e.g. the period’s close (default: now)',
    },
    ...utcOptionOf('invoice/allowances'),
  },
  positionals: 2,
  async run(ctx) {
    const action = (ctx.positionals[0] ?? billing.defaultAction) as (typeof actions)[number];
    if (!actions.includes(action)) throw new UsageError(`Which? ${actions.join(', ')}`);
    const at = instantOption(ctx, 'at');
    const callstream = await openExisting(ctx.options);
    try {
      if (action === 'run') {
        const report = await callstream.runBilling({
          issue: ctx.values.issue === true,
          actor: { id: 'billing-run', role: 'billing' },
          ...(at ? { at } : {}),
        });
        // A refused call stays unbilled until its cause is put right: named, and exit 1.
        const numbers = new Map<string, string>();
        for (const { callId } of report.refusals)
          numbers.set(callId, (await callstream.call(callId)).number);
        ctx.out.result(report, () =>
          [
            `Billed ${report.billed} call(s), ${report.nothingToInvoice} with nothing to invoice, issued ${report.issued}; ${report.notReady} not ready yet.`,
            ...(report.refusals.length === 0
              ? []
              : [
                  `Refused ${report.refusals.length} call(s), left unbilled until put right:`,
                  ...report.refusals.map(
                    (r) => `  ${numbers.get(r.callId) ?? r.callId}  ${r.code}: ${r.message}`,
                  ),
                ]),
          ].join('\n'),
        );
        if (report.refusals.length > 0) return 1;
      } else if (action === 'ready') {
        const ready = callstream.readyToInvoice();
        ctx.out.result(page(ready, ready.length), () =>
          ready.length === 0 ? 'Nothing waits to be invoiced.' : invoicesTable(ready),
        );
      } else if (action === 'invoice') {
        const reference = ctx.positionals[1];
        if (!reference)
          throw new UsageError('Which call? e.g. callstream billing invoice C-000042');
        const invoice = await callstream.invoice(reference);
        if (!invoice) throw await notBilled(callstream, reference);
        const history = await callstream.invoiceHistory(reference);
        const zone = await displayZone(ctx, callstream);
        ctx.out.result({ ...invoice, history }, () =>
          [invoiceText(invoice), ...historyText(history, zone)].join('\n'),
        );
      } else if (action === 'allowances') {
        const key = ctx.positionals[1];
        // One question at a time: a line's calls (KEY, --limit), or the lines (--contract).
        if (key ? ctx.values.contract !== undefined : ctx.values.limit !== undefined)
          throw new UsageError(
            'billing allowances takes --contract ID to list the lines, or a KEY and --limit N to list its calls',
          );
        if (key) await allowanceCallsOut(ctx, callstream, key);
        else {
          const uses = callstream.allowanceUse(stringOption(ctx, 'contract'));
          ctx.out.result(page(uses, uses.length), () =>
            table(
              ['Contract line and period', 'Hours used', 'Visits used', 'Calls'],
              uses.map((u) => [u.key, hours(u.minutes), u.visits, u.calls]),
            ),
          );
        }
      } else {
        const by = (stringOption(ctx, 'by') ?? 'contract') as BillingDimension;
        if (!billingDimensions.includes(by))
          throw new UsageError(`--by takes ${billingDimensions.join(', ')}`);
        // One row per value and currency: amounts in different currencies are never added up.
        const from = instantOption(ctx, 'from');
        const to = instantOption(ctx, 'to');
        const period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
        const rows = Object.entries(callstream.billingTotals(by, period))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, t]) => ({ key: key.slice(0, key.lastIndexOf(' ')), ...t }));
        const shown = { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
        ctx.out.result({ by, ...shown, ...page(rows, rows.length) }, () =>
          table(
            [
              by,
              'Calls',
              'Booked',
              'Warranty',
              'Contract',
              'Chargeable',
              'Invoices',
              'Invoiced',
              'Credit notes',
              'Credited',
            ],
            rows.map((t) => [
              t.key,
              t.calls,
              moneyCell(t.total, t.currency),
              moneyCell(t.warranty, t.currency),
              moneyCell(t.contract, t.currency),
              moneyCell(t.chargeable, t.currency),
              t.invoices,
              moneyCell(t.invoiced, t.currency),
              t.creditNotes,
              moneyCell(t.credited, t.currency),
            ]),
          ),
        );
      }
    } finally {
      await callstream.close();
    }
  },
};

function invoicesTable(invoices: readonly InvoiceDocument[]): string {
  return table(
    ['Call', 'Customer', 'Contract', 'Total', 'Covered', 'Chargeable'],
    invoices.map((i) => [
      i.number,
      i.customerId,
      i.contractId,
      moneyCell(i.totals.total, i.currency),
      moneyCell(i.totals.warranty + i.totals.contract, i.currency),
      moneyCell(i.totals.chargeable, i.currency),
    ]),
  );
}

/** The invoice as a service ERP shows it: time units × price, what warranty and contract paid, and why. */
function invoiceText(invoice: InvoiceDocument): string {
  const money = (n: number) => moneyCell(n, invoice.currency);
  return [
    `${invoice.invoiceNumber ?? '(not issued)'} — call ${invoice.number}, customer ${invoice.customerId ?? '-'}, contract ${invoice.contractId ?? '-'} (${invoice.status})`,
    '',
    table(
      [
        'Line',
        'Work date',
        'Quantity',
        'Price',
        'Amount',
        'Warranty',
        'Contract',
        'Chargeable',
        'Why',
      ],
      invoice.lines.map((l) => [
        `${l.source} ${l.description}`,
        l.workDate,
        `${l.quantity} ${l.unit}`,
        money(l.unitPrice),
        money(l.amount),
        money(l.warranty),
        money(l.contract),
        money(l.chargeable),
        l.coverage.basis === 'warranty'
          ? `warranty until ${l.coverage.warrantyUntil}`
          : l.coverage.lineId
            ? `${l.coverage.basis}: ${l.coverage.contractId} ${l.coverage.lineId} (${l.coverage.rule}, ${l.coverage.share} %)`
            : l.coverage.basis,
      ]),
    ),
    '',
    `Total ${money(invoice.totals.total).text} · warranty ${money(invoice.totals.warranty).text} · contract ${money(invoice.totals.contract).text} · chargeable ${money(invoice.totals.chargeable).text}`,
  ].join('\n');
}

/** The invoices and credit notes issued on the call, when it has more than the one shown. */
function historyText(history: readonly InvoiceHistoryEntry[], zone: string): string[] {
  if (history.length < 2) return [];
  return [
    '',
    table(
      ['Issued', 'Document', 'Invoice', 'Chargeable', 'Credit'],
      history.map((entry) => [
        time(entry.at, zone),
        entry.number,
        entry.invoiceNumber,
        moneyCell(
          entry.kind === 'invoice' ? entry.totals.chargeable : -entry.totals.chargeable,
          entry.currency,
        ),
        entry.kind === 'invoice' ? '' : `${entry.waived ? 'waived: ' : ''}${entry.reason}`,
      ]),
    ),
  ];
}

/**
 * A call billing has not reached: an answer about the call (exit 1, code NotBilled), not a
 * command line misused; it says where the call stands (an unknown call is CallNotFound).
 */
async function notBilled(callstream: Callstream, reference: string): Promise<Error> {
  const call = await callstream.call(reference);
  const why = call.closure?.cancelled
    ? 'it was cancelled: a cancelled call is not billed'
    : `it is ${call.status}: a billing run proposes its invoice once the call reaches its invoicing moment`;
  return Object.assign(new Error(`Call ${call.number} is not billed yet (${why})`), {
    name: 'NotBilled',
  });
}

const hours = (minutes: number): number => Math.round(minutes / 6) / 10;

/** One allowance's calls, a page of them, with how many there are in all (its document counts them). */
async function allowanceCallsOut(ctx: Invocation, callstream: Callstream, key: string) {
  const limit = numberOption(ctx, 'limit', 50, { min: 1 });
  // One snapshot: a call billed meanwhile (another process) is in the total and the page, or in neither.
  const { allowance, calls } = callstream.readModels.snapshot(() => ({
    allowance: callstream.allowance(key),
    calls: callstream.allowanceCalls(key, { limit }),
  }));
  if (!allowance)
    throw new UsageError(`No allowance ${key}: callstream billing allowances lists them`);
  const zone = await displayZone(ctx, callstream);
  const shown = page(calls, allowance.calls);
  ctx.out.result(
    shown,
    () =>
      table(
        ['Call', 'Billed', 'Hours', 'Visits'],
        calls.map((c) => [c.number ?? c.callId, time(c.at, zone), hours(c.minutes), c.visits]),
      ) + cutNote(shown, 'calls'),
  );
}
