import { beforeAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { BILLING_PROJECTION, type InvoiceDocument } from '../../src/projections/billing.js';
import { CALLS_PROJECTION, type CallSummary } from '../../src/projections/calls.js';
import {
  handlerOf,
  statusOf,
  type CallFacts,
} from '../../src/projections/service-report/call-facts.js';
import {
  SERVICE_REPORT_PROJECTION,
  TOTALS_KEY,
  type TotalsDocument,
} from '../../src/projections/service-report/documents.js';
import { MAX_WEEKS } from '../../src/projections/service-report/index.js';

/**
 * The service report against the rest of the system on a demo history of every kind of
 * call (transfers, holds, rejections, reopenings, cancellations, billing): the report
 * keeps its own small facts per call, and they must say what the calls projection says.
 */
describe('the service report on a demo history agrees with the calls, the escalations and billing', () => {
  let callstream: Callstream;
  let summaries: CallSummary[];

  beforeAll(async () => {
    const clock = new SimulatedClock(DEMO_START);
    callstream = new Callstream({
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    await runDemo(callstream, { calls: 150, seed: 11, clock });
    summaries = [...callstream.readModels.all<CallSummary>(CALLS_PROJECTION, 'calls')].map(
      ([, s]) => s,
    );
  }, 600_000);

  const everything = () => {
    const totals = callstream.readModels.get<TotalsDocument>(
      SERVICE_REPORT_PROJECTION,
      'totals',
      TOTALS_KEY,
    )!;
    return callstream.serviceReport({
      from: new Date(`${totals.firstWeek}T12:00:00Z`),
      to: new Date(`${totals.lastWeek}T12:00:00Z`),
    });
  };

  it("keeps each call's status, purpose and handling group as the call's own evolve leaves them", () => {
    expect(summaries.length).toBeGreaterThan(150);
    for (const summary of summaries) {
      const facts = callstream.readModels.get<CallFacts>(
        SERVICE_REPORT_PROJECTION,
        'calls',
        summary.callId,
      )!;
      expect([
        summary.number,
        statusOf(facts),
        facts.purpose,
        facts.dispatch.group ?? null,
        facts.dispatch.engineer ?? null,
      ]).toEqual([
        summary.number,
        summary.cancelled && summary.status === 'Closed' ? 'Cancelled' : summary.status,
        summary.purpose,
        summary.group,
        summary.engineer,
      ]);
      expect(handlerOf(facts.dispatch)).toBe(
        summary.group ??
          (summary.supportCentre ? `${summary.supportCentre} (support centre)` : '(unassigned)'),
      );
    }
  });

  it('counts every call once by purpose and status, and as many open at the end as the board shows', () => {
    const report = everything();
    expect(report.backlog.length).toBeLessThanOrEqual(MAX_WEEKS);
    const expected = new Map<string, number>();
    for (const s of summaries) {
      const key = `${s.purpose} ${s.cancelled && s.status === 'Closed' ? 'Cancelled' : s.status}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const counted = new Map<string, number>();
    for (const row of report.byPurpose)
      for (const [status, n] of Object.entries(row.statuses))
        if (n > 0) counted.set(`${row.purpose} ${status}`, n);
    expect(counted).toEqual(expected);
    expect(report.backlog.reduce((n, w) => n + w.reported, 0)).toBe(summaries.length);
    expect(report.backlog.at(-1)!.openAtEnd).toBe(callstream.board().length);
    expect(report.backlog.reduce((n, w) => n + w.cancelled, 0)).toBe(
      summaries.filter((s) => s.cancelled).length,
    );
  });

  it('counts the calls the escalation process found at risk and breached, once each', async () => {
    const warned = new Set<string>();
    const breached = new Set<string>();
    for await (const event of callstream.store.readAll()) {
      if (event.type !== 'ServiceLevelEscalated') continue;
      ((event.data as { level: string }).level === 'warning' ? warned : breached).add(
        event.streamName,
      );
    }
    expect(breached.size).toBeGreaterThan(5);
    const report = everything();
    expect(report.serviceLevels.reduce((n, w) => n + w.atRisk, 0)).toBe(warned.size);
    expect(report.serviceLevels.reduce((n, w) => n + w.breached, 0)).toBe(breached.size);
    expect(
      report.serviceLevels.reduce((n, w) => n + w.groups.reduce((m, g) => m + g.breached, 0), 0),
    ).toBe(breached.size);
  });

  it('splits booked time and billed amounts as the calls and invoices do', () => {
    const report = everything();
    expect(report.work.reduce((n, w) => n + w.bookedMinutes, 0)).toBe(
      summaries.reduce((n, s) => n + s.minutes, 0),
    );
    const invoiced = { warranty: 0, contract: 0, chargeable: 0, waived: 0 };
    for (const [, invoice] of callstream.readModels.all<InvoiceDocument>(
      BILLING_PROJECTION,
      'invoices',
    )) {
      invoiced.warranty += invoice.totals.warranty;
      invoiced.contract += invoice.totals.contract;
      invoiced[invoice.status === 'waived' ? 'waived' : 'chargeable'] += invoice.totals.chargeable;
    }
    expect(invoiced.contract).toBeGreaterThan(0);
    const reported = { warranty: 0, contract: 0, chargeable: 0, waived: 0 };
    for (const week of report.work)
      for (const c of week.byCurrency)
        for (const part of ['warranty', 'contract', 'chargeable', 'waived'] as const)
          reported[part] += c.amount[part];
    expect(reported).toEqual(invoiced);
  });

  it('is rebuilt from the first event into the very documents kept event by event', async () => {
    const verified = await callstream.verify();
    expect(verified.differences).toEqual([]);
  });
});
