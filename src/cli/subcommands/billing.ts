import { formatMoney } from '../../domain/index.js';
import { billingDimensions, type BillingDimension, type InvoiceDocument } from '../../projections/billing.js';
import type { CliCommand } from '../command.js';
import { openExisting, stringOption } from '../context.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

const actions = ['totals', 'ready', 'invoice', 'allowances', 'run'] as const;

export const billing: CliCommand = {
  name: 'billing',
  summary: 'The billing read model: totals per contract/customer/period, the ready-to-invoice queue, one call’s invoice, allowances; or run billing',
  usage: 'callstream billing [totals --by contract|customer|period] | billing ready | billing invoice NUMBER | billing allowances [--contract ID] | billing run [--issue]',
  options: {
    by: { type: 'string', description: `totals: ${billingDimensions.join(', ')} (default contract)` },
    contract: { type: 'string', description: 'allowances: one contract' },
    issue: { type: 'boolean', description: 'run: also issue the invoices proposed' },
  },
  positionals: 2,
  async run(ctx) {
    const action = (ctx.positionals[0] ?? 'totals') as (typeof actions)[number];
    if (!actions.includes(action)) throw new UsageError(`Which? ${actions.join(', ')}`);
    const callstream = await openExisting(ctx.options);
    try {
      if (action === 'run') {
        const report = await callstream.runBilling({ issue: ctx.values.issue === true, actor: { id: 'billing-run', role: 'billing' } });
        ctx.out.result(report, () => `Billed ${report.billed} call(s), ${report.nothingToInvoice} with nothing to invoice, issued ${report.issued}; ${report.notReady} not ready yet.`);
      } else if (action === 'ready') {
        const ready = callstream.readyToInvoice();
        ctx.out.result({ count: ready.length, invoices: ready }, () => (ready.length === 0 ? 'Nothing waits to be invoiced.' : invoicesTable(ready)));
      } else if (action === 'invoice') {
        const reference = ctx.positionals[1];
        if (!reference) throw new UsageError('Which call? e.g. callstream billing invoice C-000042');
        const invoice = await callstream.invoice(reference);
        if (!invoice) throw new UsageError(`Call ${reference} is not billed`);
        ctx.out.result(invoice, () => invoiceText(invoice));
      } else if (action === 'allowances') {
        const contract = stringOption(ctx, 'contract');
        const uses = callstream.allowanceUse(contract);
        ctx.out.result({ allowances: uses }, () => table(['Contract line and period', 'Hours used', 'Visits used', 'Calls'], uses.map((u) => [u.key, Math.round(u.minutes / 6) / 10, u.visits, Object.keys(u.byCall).length])));
      } else {
        const by = (stringOption(ctx, 'by') ?? 'contract') as BillingDimension;
        if (!billingDimensions.includes(by)) throw new UsageError(`--by takes ${billingDimensions.join(', ')}`);
        const totals = callstream.billingTotals(by);
        ctx.out.result({ by, totals }, () =>
          table(
            [by, 'Calls', 'Invoices', 'Booked', 'Warranty', 'Contract', 'Chargeable', 'Invoiced'],
            Object.entries(totals).sort().map(([key, t]) => [key.split(' ')[0], t.calls, t.invoices, formatMoney(t.total, t.currency), formatMoney(t.warranty, t.currency), formatMoney(t.contract, t.currency), formatMoney(t.chargeable, t.currency), formatMoney(t.invoiced, t.currency)]),
          ),
        );
      }
    } finally {
      await callstream.close();
    }
  },
};

function invoicesTable(invoices: readonly InvoiceDocument[]): string {
  return table(['Call', 'Customer', 'Contract', 'Total', 'Covered', 'Chargeable'], invoices.map((i) => [i.number, i.customerId, i.contractId, formatMoney(i.totals.total, i.currency), formatMoney(i.totals.warranty + i.totals.contract, i.currency), formatMoney(i.totals.chargeable, i.currency)]));
}

/** The invoice as a service ERP shows it: time units × price, what warranty and contract paid, and why. */
function invoiceText(invoice: InvoiceDocument): string {
  const money = (n: number) => formatMoney(n, invoice.currency);
  return [
    `${invoice.invoiceNumber ?? '(not issued)'} — call ${invoice.number}, customer ${invoice.customerId ?? '-'}, contract ${invoice.contractId ?? '-'} (${invoice.status})`,
    '',
    table(
      ['Line', 'Work date', 'Quantity', 'Price', 'Amount', 'Warranty', 'Contract', 'Chargeable', 'Why'],
      invoice.lines.map((l) => [
        `${l.source} ${l.description}`,
        l.workDate,
        `${l.quantity} ${l.unit}`,
        money(l.unitPrice),
        money(l.amount),
        money(l.warranty),
        money(l.contract),
        money(l.chargeable),
        l.coverage.basis === 'warranty' ? `warranty until ${l.coverage.warrantyUntil}` : l.coverage.lineId ? `${l.coverage.basis}: ${l.coverage.contractId} ${l.coverage.lineId} (${l.coverage.rule}, ${l.coverage.share} %)` : l.coverage.basis,
      ]),
    ),
    '',
    `Total ${money(invoice.totals.total)} · warranty ${money(invoice.totals.warranty)} · contract ${money(invoice.totals.contract)} · chargeable ${money(invoice.totals.chargeable)}`,
  ].join('\n');
}
