import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { billingCompany, chargeableCallFor } from '../support/company.js';

/**
 * D2: a coverage line's included visits. Each on-site visit takes one from the line's
 * allowance for the year; the labour of a visit beyond them is chargeable. The limits count
 * time: material fitted on any visit is covered at the line's share.
 */
describe('a contract line with included visits', () => {
  const databases: Array<ReturnType<typeof temporaryDatabase>> = [];
  afterEach(() => databases.splice(0).forEach((db) => db.remove()));

  /** Acme's server SRV-R at rome, on-site repair covered in full for one visit a year. */
  async function oneVisitAYear() {
    const db = temporaryDatabase();
    databases.push(db);
    const company = await billingCompany({ file: db.path });
    await company.run('AddCoverageLine', {
      contractId: 'acme-2026',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-R' },
      share: 100,
      limits: { visits: 1, per: 'year' },
    });
    return { company, ...(await chargeableCallFor(company.callstream, 'SRV-R', 'on-site-repair')) };
  }

  /** BillCall on the 27th, and the proposal it made. */
  async function billed(callstream: Callstream, call: string) {
    await callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call,
      at: '2026-11-27T09:00:00Z',
    });
    return (await callstream.invoice(call))!;
  }

  it('given two visits on a line with one included, when billed, then the first visit’s hour is covered, the second’s chargeable, and the part fitted on the second covered', async () => {
    const { company, call, step } = await oneVisitAYear();
    for (const [transferId, day] of [
      ['T1', '2026-11-24'],
      ['T2', '2026-11-25'],
    ] as const) {
      await step('ScheduleOnSiteVisit', `${day}T07:00:00Z`, {
        engineer: 'eve',
        plannedStart: `${day}T08:00:00Z`,
        plannedEnd: `${day}T10:00:00Z`,
      });
      await step('StartOnSiteVisit', `${day}T08:00:00Z`, { transferId });
      if (transferId === 'T2')
        await step('BookMaterial', `${day}T08:30:00Z`, {
          item: 'psu-750',
          quantity: 1,
          transferId,
        });
      await step('CompleteOnSiteVisit', `${day}T09:00:00Z`, { transferId, report: 'Checked' });
      await step('BookTime', `${day}T09:05:00Z`, {
        labourType: 'on-site',
        minutes: 60,
        transferId,
        workDate: day,
      });
    }
    await step('ResolveCall', '2026-11-25T10:00:00Z', { solution: 'PSU replaced' });
    const invoice = await billed(company.callstream, call.number);
    const visits = { visits: 1 };
    expect(invoice.lines).toMatchObject([
      {
        source: 'B1',
        amount: 9500,
        contract: 9500,
        chargeable: 0,
        coverage: { basis: 'contract', allowance: { ...visits, visitCovered: true } },
      },
      {
        source: 'B2',
        amount: 8900,
        contract: 8900,
        chargeable: 0,
        coverage: { basis: 'contract' },
      },
      {
        source: 'B3',
        amount: 9500,
        contract: 0,
        chargeable: 9500,
        coverage: {
          basis: 'allowance-exhausted',
          allowance: { ...visits, visitCovered: false, coveredMinutes: 0 },
        },
      },
    ]);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ visits: 1, minutes: 60 }),
    ]);
    await company.callstream.close();
  });

  it('given on-site time booked without naming its visit, when billed, then each engineer’s day on site is a visit: travel that day joins it, and so does time on the day of a visit recorded', async () => {
    const { company, call, step } = await oneVisitAYear();
    // The 24th: a visit recorded (T1), and more time that day booked without naming it.
    await step('ScheduleOnSiteVisit', '2026-11-24T07:00:00Z', {
      engineer: 'eve',
      plannedStart: '2026-11-24T08:00:00Z',
      plannedEnd: '2026-11-24T10:00:00Z',
    });
    await step('StartOnSiteVisit', '2026-11-24T08:00:00Z', { transferId: 'T1' });
    await step('CompleteOnSiteVisit', '2026-11-24T09:00:00Z', { transferId: 'T1', report: 'x' });
    await step('BookTime', '2026-11-24T09:05:00Z', {
      labourType: 'on-site',
      minutes: 60,
      transferId: 'T1',
    });
    await step('BookTime', '2026-11-24T09:10:00Z', { labourType: 'on-site', minutes: 30 });
    // The 25th: Eve went again, with no visit recorded: travel and an hour on site.
    await step('BookTime', '2026-11-25T12:00:00Z', { labourType: 'travel', minutes: 30 });
    await step('BookTime', '2026-11-25T12:05:00Z', { labourType: 'on-site', minutes: 60 });
    await step('ResolveCall', '2026-11-25T13:00:00Z', { solution: 'Fan replaced' });
    const invoice = await billed(company.callstream, call.number);
    const visit = (visitCovered: boolean) => ({ allowance: { visits: 1, visitCovered } });
    expect(invoice.lines).toMatchObject([
      { source: 'B1', chargeable: 0, coverage: visit(true) },
      { source: 'B2', chargeable: 0, coverage: visit(true) },
      { source: 'B3', contract: 0, chargeable: 2500, coverage: visit(false) },
      { source: 'B4', contract: 0, chargeable: 9500, coverage: visit(false) },
    ]);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ visits: 1, minutes: 90 }),
    ]);
    await company.callstream.close();
  });
});
