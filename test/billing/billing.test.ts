import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AccountingEntry } from '../../src/commands/accounting.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import {
  billingCompany,
  chargeableCallFor,
  goldContract,
  resolvedOnSiteCall,
} from '../support/company.js';

/** A call for acme's equipment, accepted from an e-mail on 23 November. */
const callFor = (
  company: Awaited<ReturnType<typeof billingCompany>>,
  serialNumber: string,
  service: string,
) => chargeableCallFor(company.callstream, serialNumber, service);

const closeOf26th = new Date('2026-11-26T18:00:00Z');

const bill = (
  company: Awaited<ReturnType<typeof billingCompany>>,
  call: string,
  type = 'BillCall',
  extra: Record<string, unknown> = {},
) =>
  company.callstream.executeJson({
    type,
    commandId: uuid(),
    actor: staff.bill,
    call,
    at: '2026-11-27T09:00:00Z',
    ...extra,
  }) as Promise<AggregateResult>;

describe('billing: coverage applied line by line (D2)', () => {
  it('covers a warranty repair via RMA entirely: nothing to invoice', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'LAP-1', 'depot-repair');
    await step('AuthoriseRma', '2026-11-23T09:00:00Z', { depot: 'depot-lyon' });
    await step('ReceiveRmaItem', '2026-11-24T09:00:00Z', { transferId: 'T1' });
    await step('BookTime', '2026-11-24T11:00:00Z', {
      labourType: 'depot',
      minutes: 90,
      transferId: 'T1',
      workDate: '2026-11-24',
    });
    await step('BookMaterial', '2026-11-24T11:05:00Z', {
      item: 'battery',
      quantity: 1,
      transferId: 'T1',
      workDate: '2026-11-24',
    });
    await step('RecordRmaRepair', '2026-11-24T12:00:00Z', {
      transferId: 'T1',
      report: 'New battery',
    });
    await step('ShipRmaItem', '2026-11-24T15:00:00Z', { transferId: 'T1' });
    await step('ResolveCall', '2026-11-25T09:00:00Z', {
      solution: 'Battery replaced under warranty',
    });
    const billed = await bill(company, call.number);
    expect(billed.events.map((e) => e.type)).toEqual(['NothingToInvoice']);
    const invoice = await company.callstream.invoice(call.number);
    expect(invoice).toMatchObject({
      status: 'nothing',
      totals: { total: 10500 + 12000, warranty: 22500, contract: 0, chargeable: 0 },
    });
    expect(invoice!.lines.map((l) => l.coverage.basis)).toEqual(['warranty', 'warranty']);
  });

  it('charges an on-site visit beyond the contract’s included hours, and counts hours across calls', async () => {
    const company = await billingCompany();
    const first = await callFor(company, 'SRV-1', 'on-site-repair');
    await first.step('ScheduleOnSiteVisit', '2026-11-23T09:00:00Z', {
      engineer: 'eve',
      plannedStart: '2026-11-24T08:00:00Z',
      plannedEnd: '2026-11-24T11:00:00Z',
    });
    await first.step('StartOnSiteVisit', '2026-11-24T08:00:00Z', { transferId: 'T1' });
    await first.step('CompleteOnSiteVisit', '2026-11-24T10:30:00Z', {
      transferId: 'T1',
      report: 'PSU replaced',
    });
    await first.step('BookTime', '2026-11-24T10:35:00Z', {
      labourType: 'on-site',
      minutes: 150,
      transferId: 'T1',
      workDate: '2026-11-24',
    }); // 2.5 h, 2 included
    await first.step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'PSU replaced' });
    const billed = await bill(company, first.call.number);
    const [line] = (await company.callstream.invoice(first.call.number))!.lines;
    // 150 min × 95.00/h = 237.50; 120 min included (190.00), 30 min chargeable (47.50).
    expect(line).toMatchObject({
      amount: 23750,
      contract: 19000,
      chargeable: 4750,
      coverage: {
        basis: 'allowance-exhausted',
        lineId: 'L2',
        allowance: { hours: 2, usedMinutesBefore: 0, coveredMinutes: 120 },
      },
    });
    expect(billed.events[0]!.type).toBe('InvoiceProposed');

    const second = await callFor(company, 'SRV-1', 'on-site-repair');
    await second.step('BookTime', '2026-11-25T10:00:00Z', {
      labourType: 'on-site',
      minutes: 60,
      workDate: '2026-11-25',
    });
    await second.step('ResolveCall', '2026-11-25T11:00:00Z', { solution: 'Checked' });
    await bill(company, second.call.number);
    expect((await company.callstream.invoice(second.call.number))!.lines[0]).toMatchObject({
      amount: 9500,
      contract: 0,
      chargeable: 9500,
      coverage: { allowance: { usedMinutesBefore: 120, coveredMinutes: 0 } },
    });
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ key: 'acme-2026.L2.2026', contractId: 'acme-2026', minutes: 120 }),
    ]);
    // One contract's on its index; no contract named, every contract's; an empty name names none.
    expect(company.callstream.allowanceUse('acme')).toEqual([]);
    expect(company.callstream.allowanceUse()).toHaveLength(1);
    expect(() => company.callstream.allowanceUse('')).toThrow(
      /^Invalid billing query: contractId: /,
    );
  });

  it('charges work on an uncovered server at the Rome site, and passes a subcontractor’s cost on with the margin', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'SRV-R', 'on-site-repair');
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'travel', minutes: 45 });
    await step('OrderSubcontract', '2026-11-23T10:30:00Z', {
      subcontractor: 'fixit-srl',
      orderReference: 'SUB-77',
      agreedCost: { amount: 20000, currency: 'EUR' },
    });
    await step('CompleteSubcontract', '2026-11-24T16:00:00Z', {
      transferId: 'T1',
      actualCost: { amount: 21050, currency: 'EUR' },
    });
    await step('ResolveCall', '2026-11-24T17:00:00Z', {
      solution: 'Motherboard replaced by the subcontractor',
    });
    await bill(company, call.number);
    const invoice = (await company.callstream.invoice(call.number))!;
    expect(invoice.lines).toMatchObject([
      { kind: 'time', amount: 3750, chargeable: 3750, coverage: { basis: 'not-covered' } }, // 45 min × 50.00/h
      { kind: 'subcontract', unitPrice: 21050, amount: 24208, chargeable: 24208 }, // 210.50 + 15 % = 242.075 → 242.08 (half up)
    ]);
    expect(invoice.totals).toEqual({ total: 27958, warranty: 0, contract: 0, chargeable: 27958 });
  });
  it('refuses money in another currency than the call is invoiced in when it is booked, not at billing, and writes nothing', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'SRV-R', 'on-site-repair');
    const head = await company.callstream.store.headPosition();
    const courier = { category: 'freight', description: 'Courier' };
    await expect(
      step('BookCost', '2026-11-23T10:00:00Z', {
        ...courier,
        amount: { amount: 4000, currency: 'USD' },
      }),
    ).rejects.toMatchObject({
      code: 'CurrencyMismatch',
      details: { currency: 'USD', billingCurrency: 'EUR' },
    });
    await expect(
      step('OrderSubcontract', '2026-11-23T10:30:00Z', {
        subcontractor: 'fixit-srl',
        orderReference: 'SUB-78',
        agreedCost: { amount: 20000, currency: 'CHF' },
      }),
    ).rejects.toMatchObject({ code: 'CurrencyMismatch' });
    expect(await company.callstream.store.headPosition()).toBe(head);
    // In the price list's currency it is booked, and billed.
    await step('BookCost', '2026-11-23T10:00:00Z', {
      ...courier,
      amount: { amount: 4000, currency: 'EUR' },
    });
    await step('ResolveCall', '2026-11-24T17:00:00Z', { solution: 'Sent to the depot' });
    await bill(company, call.number);
    expect((await company.callstream.invoice(call.number))!.currency).toBe('EUR');
  });
});

describe('cover ended after the fact (B4)', () => {
  it('refuses to end a coverage line for days gone by, where calls were taken as covered; ended from today, the call stays covered', async () => {
    const company = await billingCompany();
    const { call } = await resolvedOnSiteCall(company.callstream); // covered by acme-2026 L2
    const end = (until: string) =>
      company.callstream.executeJson({
        type: 'EndCoverageLine',
        commandId: uuid(),
        actor: staff.sam,
        at: '2026-11-24T12:00:00+01:00', // the organisation's day: 2026-11-24 (UTC by default)
        contractId: 'acme-2026',
        lineId: 'L2',
        until,
      });
    const head = await company.callstream.store.headPosition();
    await expect(end('2026-11-01')).rejects.toMatchObject({
      code: 'EndInThePast',
      details: { until: '2026-11-01', today: '2026-11-24' },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    await end('2026-11-24'); // the work of the 24th stays covered
    await bill(company, call.number);
    expect((await company.callstream.invoice(call.number))!.totals).toMatchObject({
      contract: 19000,
      chargeable: 9500,
    });
  });
});

describe('work nothing covers is booked only as chargeable work, confirmed (B4)', () => {
  const sam = (
    company: Awaited<ReturnType<typeof billingCompany>>,
    type: string,
    at: string,
    fields: Record<string, unknown>,
  ) =>
    company.callstream.executeJson({
      type,
      commandId: uuid(),
      actor: staff.sam,
      at,
      contractId: 'acme-2026',
      ...fields,
    });

  it('refuses work past the end of its line or of its contract unless confirmed as chargeable; billing then charges it', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'SRV-1', 'remote-support'); // covered: acme-2026, SRV-1 remote
    const book = (at: string, fields: Record<string, unknown>) =>
      step('BookTime', at, { minutes: 30, workDate: at.slice(0, 10), ...fields });
    await book('2026-11-23T10:00:00Z', { labourType: 'remote' });
    await book('2026-11-23T11:00:00Z', { labourType: 'on-site' }); // SRV-1's on-site line covers it
    await sam(company, 'EndCoverageLine', '2026-11-24T12:00:00Z', {
      lineId: 'L1',
      until: '2026-11-24',
    });
    const head = await company.callstream.store.headPosition();
    await expect(book('2026-11-25T10:00:00Z', { labourType: 'remote' })).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      message: `Contract acme-2026 does not cover remote-support for call ${call.number} on 2026-11-25: this work is the customer's to pay. Book it as chargeable work (chargeable: true), or not at all`,
      details: { workDate: '2026-11-25', service: 'remote-support', basis: 'not-covered' },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    const confirmed = await book('2026-11-25T10:00:00Z', {
      labourType: 'remote',
      chargeable: true,
    });
    expect(confirmed.events[0]!.data).toMatchObject({ chargeable: true, workDate: '2026-11-25' });

    await sam(company, 'TerminateContract', '2026-11-25T12:00:00Z', {
      until: '2026-11-25',
      reason: 'Customer left',
    });
    await expect(book('2026-11-26T10:00:00Z', { labourType: 'on-site' })).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      message: expect.stringMatching(
        /was taken on under contract acme-2026, which does not run on 2026-11-26/,
      ),
      details: { basis: 'no-contract' },
    });
    await book('2026-11-26T10:00:00Z', { labourType: 'on-site', chargeable: true });
    await step('ResolveCall', '2026-11-26T11:00:00Z', { solution: 'Replaced the disk' });
    await bill(company, call.number);
    const lines = (await company.callstream.invoice(call.number))!.lines;
    expect(lines.map((line) => [line.coverage.basis, line.chargeable > 0])).toEqual([
      ['contract', false],
      ['contract', false],
      ['not-covered', true],
      ['no-contract', true],
    ]);
  });

  it('refuses labour of a service the call’s cover does not include, unless confirmed', async () => {
    const company = await billingCompany();
    // SRV-R at rome: remote support half covered (the rome line); on-site repair by no line.
    const { call, step } = await callFor(company, 'SRV-R', 'remote-support');
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'remote', minutes: 30 });
    await expect(
      step('BookTime', '2026-11-23T11:00:00Z', { labourType: 'travel', minutes: 45 }),
    ).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      message: expect.stringMatching(
        new RegExp(
          `^Contract acme-2026 does not cover on-site-repair for call ${call.number} on 2026-11-23`,
        ),
      ),
    });
    await step('BookTime', '2026-11-23T11:00:00Z', {
      labourType: 'travel',
      minutes: 45,
      chargeable: true,
    });
  });

  it('asks nothing of work the warranty covers, nor of a call taken on as chargeable', async () => {
    const company = await billingCompany();
    const warranty = await callFor(company, 'LAP-1', 'depot-repair'); // LAP-1: warranty until 2027-06-30
    await warranty.step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 30 });
    // SRV-2 has no line of its own: taken on as not covered, chargeable when it was logged.
    const chargeable = await callFor(company, 'SRV-2', 'on-site-repair');
    expect((await company.callstream.call(chargeable.call.number)).coverage).toMatchObject({
      verdict: 'not-covered',
      chargeable: true,
    });
    await chargeable.step('BookTime', '2026-11-24T10:00:00Z', {
      labourType: 'remote',
      minutes: 30,
    });
  });
});

describe('a warranty claim is judged on the day the call was reported (B4, D2)', () => {
  it('repairs under warranty after its last day a defect reported while it ran; reported a day later, the work is the customer’s', async () => {
    const company = await billingCompany();
    // LAP-2: acme's laptop at paris, its warranty's last day 23 November; no line of acme-2026 covers it.
    await company.run('RegisterEquipment', {
      serialNumber: 'LAP-2',
      item: 'laptop',
      customerId: 'acme',
      siteId: 'paris',
      from: '2024-11-23',
      warrantyUntil: '2026-11-23',
    });
    const depotWork = { labourType: 'depot', minutes: 60, workDate: '2026-11-25' };
    const inTime = await callFor(company, 'LAP-2', 'depot-repair'); // reported on the 23rd
    expect((await company.callstream.call(inTime.call.number)).coverage).toMatchObject({
      day: '2026-11-23',
      rule: 'warranty',
      warrantyUntil: '2026-11-23',
    });
    // Two days after the warranty's last day: no chargeable work to confirm.
    await inTime.step('BookTime', '2026-11-25T10:00:00Z', depotWork);
    await inTime.step('ResolveCall', '2026-11-25T11:00:00Z', { solution: 'New keyboard' });
    expect((await bill(company, inTime.call.number)).events.map((e) => e.type)).toEqual([
      'NothingToInvoice',
    ]);
    expect((await company.callstream.invoice(inTime.call.number))!.lines).toMatchObject([
      { amount: 7000, warranty: 7000, chargeable: 0, coverage: { basis: 'warranty' } },
    ]);

    const late = await chargeableCallFor(company.callstream, 'LAP-2', 'depot-repair', '2026-11-24');
    expect((await company.callstream.call(late.call.number)).coverage).toMatchObject({
      verdict: 'not-covered',
      chargeable: true,
    });
    await late.step('BookTime', '2026-11-25T10:00:00Z', depotWork);
    await late.step('ResolveCall', '2026-11-25T11:00:00Z', { solution: 'New keyboard' });
    await bill(company, late.call.number);
    expect((await company.callstream.invoice(late.call.number))!.lines).toMatchObject([
      { amount: 7000, warranty: 0, chargeable: 7000, coverage: { basis: 'not-covered' } },
    ]);
  });
});

describe('acceptance, invoicing rules and the accounting port (D3, D4)', () => {
  it('waits for the customer’s acceptance when the rule says so, and never invoices an open dispute', async () => {
    const company = await billingCompany({}, 'acceptance');
    const { call, step } = await callFor(company, 'SRV-R', 'remote-support');
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'remote', minutes: 30 });
    await step('ResolveCall', '2026-11-23T11:00:00Z', { solution: 'Restarted' });
    await expect(bill(company, call.number)).rejects.toMatchObject({ code: 'NotReadyForBilling' });
    await step('RejectSolution', '2026-11-23T12:00:00Z', { reason: 'Still down' }, staff.carl);
    await expect(bill(company, call.number)).rejects.toMatchObject({
      code: 'NotReadyForBilling',
      message: expect.stringMatching(/dispute is open/),
    });
    await step('ResolveCall', '2026-11-23T15:00:00Z', { solution: 'Replaced the disk' });
    await step('AcceptSolution', '2026-11-23T16:00:00Z', {}, staff.carl);
    expect((await bill(company, call.number)).events[0]!.type).toBe('InvoiceProposed');
  });

  it('bills, issues and credits forward in time: never before the call’s last change, the proposal or the invoice', async () => {
    const company = await billingCompany();
    const { call } = await resolvedOnSiteCall(company.callstream); // resolved 2026-11-24T11:00Z
    const head = await company.callstream.store.headPosition();
    const at = (instant: string) => ({ at: instant });
    await expect(
      bill(company, call.number, 'BillCall', at('2026-11-24T10:59:00Z')),
    ).rejects.toMatchObject({
      code: 'OutOfOrder',
      message: expect.stringMatching(
        /^BillCall dated 2026-11-24T10:59:00.000Z comes before the last change to call C-\d+ or its invoice \(2026-11-24T11:00:00.000Z\)/,
      ),
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    await bill(company, call.number, 'BillCall', at('2026-11-25T09:00:00Z'));
    await expect(
      bill(company, call.number, 'IssueInvoice', at('2026-11-25T08:00:00Z')),
    ).rejects.toMatchObject({ code: 'OutOfOrder' });
    await bill(company, call.number, 'IssueInvoice', at('2026-11-25T09:00:00Z')); // the same instant is not before
    const issued = await company.callstream.store.headPosition();
    await expect(
      bill(company, call.number, 'CreditInvoice', {
        ...at('2026-11-22T07:00:00Z'),
        reason: 'Wrong customer',
      }),
    ).rejects.toMatchObject({ code: 'OutOfOrder', message: expect.stringMatching(/the invoice/) });
    // Refused before a credit-note number was taken or an hour given back.
    expect(await company.callstream.store.headPosition()).toBe(issued);
    await bill(company, call.number, 'CreditInvoice', {
      ...at('2026-11-26T09:00:00Z'),
      reason: 'Wrong customer',
    });
    expect((await company.callstream.invoice(call.number))!.credit).toMatchObject({
      number: 'CN-000001',
    });
  });

  it('issues numbered invoices, posts them to accounting at least once, credits them and gives back the included hours', async () => {
    const posted: AccountingEntry[] = [];
    let down = 1;
    const company = await billingCompany({
      accounting: {
        post: async (entry) =>
          down-- > 0 ? Promise.reject(new Error('ERP offline')) : void posted.push(entry),
      },
    });
    const { call, step } = await callFor(company, 'SRV-1', 'on-site-repair');
    await step('BookTime', '2026-11-24T10:00:00Z', {
      labourType: 'on-site',
      minutes: 180,
      workDate: '2026-11-24',
    });
    await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
    // The run at the close of the 26th, before the credit note of the 27th.
    const run = () =>
      company.callstream.runBilling({ issue: true, actor: staff.bill, at: closeOf26th });
    expect(await run()).toMatchObject({ billed: 1, issued: 1 });
    expect((await run()).billed).toBe(0); // idempotent
    expect(await company.callstream.invoice(call.number)).toMatchObject({
      proposedAt: closeOf26th.toISOString(),
      issuedAt: closeOf26th.toISOString(),
    });
    const issued = (await company.callstream.invoice(call.number))!;
    expect(issued).toMatchObject({
      status: 'issued',
      invoiceNumber: 'INV-000001',
      totals: { contract: 19000, chargeable: 9500 },
    });
    expect(company.callstream.readyToInvoice()).toEqual([]);

    expect(await company.callstream.postToAccounting()).toMatchObject({ handled: 0, failed: 1 });
    expect(await company.callstream.postToAccounting()).toMatchObject({ handled: 1, failed: 0 });
    expect(posted).toMatchObject([
      {
        kind: 'invoice',
        number: 'INV-000001',
        callNumber: call.number,
        totals: { chargeable: 9500 },
        lines: [{ chargeable: 9500 }],
      },
    ]);

    await bill(company, call.number, 'CreditInvoice', {
      reason: 'Charged at the on-site rate: the visit was remote',
    });
    await company.callstream.postToAccounting();
    expect(posted.map((p) => [p.kind, p.number])).toEqual([
      ['invoice', 'INV-000001'],
      ['credit-note', 'CN-000001'],
    ]);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 0 }),
    ]);
    expect(await company.callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 1,
      issued: 1,
    });
    expect((await company.callstream.invoice(call.number))!.invoiceNumber).toBe('INV-000002');
  });

  it('refuses work booked or cancelled on a billed call, which no invoice would ever carry, until the invoice is credited', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'SRV-1', 'on-site-repair');
    const booked = await step('BookTime', '2026-11-24T10:00:00Z', {
      labourType: 'on-site',
      minutes: 180,
      workDate: '2026-11-24',
    });
    await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
    expect(
      await company.callstream.runBilling({ issue: true, actor: staff.bill, at: closeOf26th }),
    ).toMatchObject({ billed: 1, issued: 1 });
    const head = await company.callstream.store.headPosition();
    const bookingId = (booked.events[0]!.data as { bookingId: string }).bookingId;
    for (const [type, fields] of [
      ['BookTime', { labourType: 'on-site', minutes: 600, workDate: '2026-11-24' }],
      [
        'BookCost',
        { category: 'expense', description: 'Travel', amount: { amount: 5000, currency: 'EUR' } },
      ],
      ['CancelBooking', { bookingId, reason: 'Booked on the wrong call' }],
    ] as const) {
      const actor = type === 'CancelBooking' ? staff.sam : staff.eve;
      const refused = await step(type, '2026-11-25T09:00:00Z', fields, actor).catch(
        (e: unknown) => e,
      );
      expect(refused, type).toMatchObject({
        code: 'AlreadyInvoiced',
        details: { status: 'issued', invoiceNumber: 'INV-000001' },
      });
    }
    expect(await company.callstream.store.headPosition()).toBe(head);
    // Credited, the call takes bookings again, and the next billing run carries them.
    await bill(company, call.number, 'CreditInvoice', { reason: 'Travel was not charged' });
    await step('BookTime', '2026-11-27T10:00:00Z', {
      labourType: 'on-site',
      minutes: 60,
      workDate: '2026-11-25',
    });
    await company.callstream.runBilling({ issue: true, actor: staff.bill });
    const again = (await company.callstream.invoice(call.number))!;
    expect(again.invoiceNumber).toBe('INV-000002');
    expect(again.lines.map((line) => [line.workDate, line.quantity])).toEqual([
      ['2026-11-24', 3],
      ['2026-11-25', 1],
    ]);
  });

  it('takes the rework of a disputed call while its invoice is only proposed, as the dispute holds the invoice', async () => {
    const company = await billingCompany(); // invoiced on resolution
    const { call, step } = await resolvedOnSiteCall(company.callstream);
    await bill(company, call.number);
    expect((await company.callstream.invoice(call.number))!.status).toBe('proposed');
    await step('RejectSolution', '2026-11-25T09:00:00Z', { reason: 'Still fails' }, staff.carl);
    const rework = await step('BookTime', '2026-11-25T10:00:00Z', {
      labourType: 'on-site',
      minutes: 30,
    });
    expect(rework.events.map((event) => event.type)).toEqual(['TimeBooked']);
  });

  it('bills a dispute’s rework: "nothing to invoice" is billed again once chargeable work is booked, the included hours counted once', async () => {
    const company = await billingCompany(); // invoiced on resolution; 2 on-site hours included
    const { call, step } = await callFor(company, 'SRV-1', 'on-site-repair');
    await step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 60 });
    await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
    const run = () => company.callstream.runBilling({ issue: true, actor: staff.bill });
    expect(await run()).toMatchObject({ billed: 0, nothingToInvoice: 1, issued: 0 });

    await step('RejectSolution', '2026-11-25T09:00:00Z', { reason: 'Still fails' }, staff.carl);
    await step('BookTime', '2026-11-25T10:00:00Z', { labourType: 'on-site', minutes: 120 });
    expect(await run()).toMatchObject({ billed: 0, nothingToInvoice: 0, issued: 0 }); // in dispute
    await step('ResolveCall', '2026-11-25T11:00:00Z', { solution: 'Replaced the board' });

    expect(await run()).toMatchObject({ billed: 1, issued: 1, refused: {} });
    const invoice = (await company.callstream.invoice(call.number))!;
    // 180 minutes in all: 120 included, the last 60 chargeable at 95.00/h.
    expect(invoice).toMatchObject({
      status: 'issued',
      invoiceNumber: 'INV-000001',
      totals: { contract: 19000, chargeable: 9500 },
    });
    expect(invoice.lines.map((line) => line.source)).toEqual(['B1', 'B2']);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ key: 'acme-2026.L2.2026', minutes: 120 }),
    ]);
    expect(await run()).toMatchObject({ billed: 0, nothingToInvoice: 0, issued: 0 }); // idempotent
  });

  it('refuses to issue a proposal that work booked or cancelled since has outdated, and bills it again with what changed', async () => {
    const company = await billingCompany();
    const { call, step } = await resolvedOnSiteCall(company.callstream);
    await bill(company, call.number);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 120 }),
    ]);
    // The hours were booked on the wrong call, and a courier was forgotten: while the proposal waits.
    const cancel = { bookingId: 'B1', reason: 'Wrong call' };
    await step('CancelBooking', '2026-11-25T09:00:00Z', cancel, staff.sam);
    await step('BookCost', '2026-11-25T09:05:00Z', {
      category: 'expense',
      description: 'Courier',
      amount: { amount: 4000, currency: 'EUR' },
    });
    const head = await company.callstream.store.headPosition();
    await expect(bill(company, call.number, 'IssueInvoice')).rejects.toMatchObject({
      code: 'ProposalOutdated',
      details: { added: ['B2'], removed: ['B1'] },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);

    // The billing office's run, when the proposal was to be issued.
    const run = () =>
      company.callstream.runBilling({
        issue: true,
        actor: staff.bill,
        at: new Date('2026-11-27T09:00:00Z'),
      });
    expect(await run()).toMatchObject({ billed: 0, nothingToInvoice: 1, issued: 0, refused: {} });
    const covered = (await company.callstream.invoice(call.number))!;
    expect(covered.status).toBe('nothing'); // the contract covers the courier
    expect(covered.lines.map((line) => line.source)).toEqual(['B2']);
    // The cancelled hours no longer draw on the contract's included hours.
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 0 }),
    ]);
    // Up to date, it is not billed again.
    await expect(bill(company, call.number)).rejects.toMatchObject({ code: 'AlreadyBilled' });

    await step('BookTime', '2026-11-26T10:00:00Z', { labourType: 'on-site', minutes: 240 });
    expect(await run()).toMatchObject({ billed: 1, issued: 1, refused: {} });
    const invoice = (await company.callstream.invoice(call.number))!;
    expect(invoice).toMatchObject({ status: 'issued', totals: { chargeable: 19000 } });
    expect(invoice.lines.map((line) => [line.source, line.chargeable])).toEqual([
      ['B2', 0],
      ['B3', 19000],
    ]);
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 120 }),
    ]);
  });

  it('bills again a proposal whose call was moved to another contract, giving back the first contract’s hours', async () => {
    const company = await billingCompany();
    await goldContract(company);
    const { call, step } = await resolvedOnSiteCall(company.callstream);
    await bill(company, call.number);
    const moved = { contractId: 'acme-gold', reason: 'Gold contract' };
    await step('ChangeContract', '2026-11-25T08:00:00Z', moved, staff.bill);
    await expect(bill(company, call.number, 'IssueInvoice')).rejects.toMatchObject({
      code: 'ProposalOutdated',
      details: { contract: { from: 'acme-2026', to: 'acme-gold' } },
    });
    expect(await company.callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      nothingToInvoice: 1,
      issued: 0,
    });
    expect(await company.callstream.invoice(call.number)).toMatchObject({
      status: 'nothing',
      contractId: 'acme-gold',
      totals: { chargeable: 0 },
    });
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 0 }),
    ]);
  });

  it('refuses to move a call with an issued invoice to another contract until the invoice is credited, then bills it on the new one', async () => {
    const db = temporaryDatabase();
    try {
      const company = await billingCompany({ file: db.path });
      await goldContract(company);
      const { call, step } = await resolvedOnSiteCall(company.callstream);
      await bill(company, call.number);
      await bill(company, call.number, 'IssueInvoice');
      const moved = { contractId: 'acme-gold', reason: 'Gold contract' };
      await expect(
        step('ChangeContract', '2026-11-28T08:00:00Z', moved, staff.bill),
      ).rejects.toMatchObject({ code: 'AlreadyInvoiced' });
      expect((await company.callstream.call(call.number)).contractId).toBe('acme-2026');
      await bill(company, call.number, 'CreditInvoice', {
        at: '2026-11-28T09:00:00Z',
        reason: 'Gold contract',
      });
      await step('ChangeContract', '2026-11-28T10:00:00Z', moved, staff.bill);
      expect(
        await company.callstream.runBilling({
          actor: staff.bill,
          at: new Date('2026-11-28T18:00:00Z'),
        }),
      ).toMatchObject({ nothingToInvoice: 1 });
      expect(await company.callstream.invoice(call.number)).toMatchObject({
        status: 'nothing',
        contractId: 'acme-gold',
      });
      await company.callstream.close();
    } finally {
      db.remove();
    }
  });

  it('issues each proposal once, also two proposals dated alike (a credit and a new proposal at month end)', async () => {
    const company = await billingCompany();
    const { call } = await resolvedOnSiteCall(company.callstream);
    const monthEnd = { at: '2026-11-30T23:00:00Z' };
    const run = () =>
      company.callstream.runBilling({ issue: true, actor: staff.bill, at: new Date(monthEnd.at) });
    await bill(company, call.number, 'BillCall', monthEnd);
    expect(await run()).toMatchObject({ issued: 1 });
    await bill(company, call.number, 'CreditInvoice', { reason: 'Wrong rate', ...monthEnd });
    await bill(company, call.number, 'BillCall', monthEnd);
    expect(await run()).toMatchObject({ issued: 1 });
    expect(await company.callstream.invoice(call.number)).toMatchObject({
      status: 'issued',
      invoiceNumber: 'INV-000002',
    });
    expect(await run()).toMatchObject({ issued: 0 });
  });

  it('keeps what was decided when prices and contracts change later, and rebuilds the billing read model identically', async () => {
    const company = await billingCompany();
    const { call, step } = await callFor(company, 'SRV-1', 'remote-support');
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'remote', minutes: 45 });
    await step('ResolveCall', '2026-11-23T11:00:00Z', { solution: 'Fixed' });
    await bill(company, call.number);
    const before = await company.callstream.invoice(call.number);
    await company.run('PublishPriceList', {
      priceListId: 'standard',
      effectiveFrom: '2026-12-01T00:00:00Z',
      prices: {
        currency: 'EUR',
        labour: { remote: 9900, 'on-site': 9900, depot: 9900, travel: 9900 },
      },
    });
    await company.run('EndCoverageLine', {
      contractId: 'acme-2026',
      lineId: 'L1',
      until: '2026-11-30',
    });
    expect(await company.callstream.invoice(call.number)).toEqual(before);
    expect((await company.callstream.verify()).differences).toEqual([]);
    expect(company.callstream.billingTotals('contract')['acme-2026 EUR']).toMatchObject({
      calls: 1,
      total: 6000,
      contract: 6000,
      chargeable: 0,
    });
  });

  it('sums billing per month, and over a period only the invoices issued (or proposed) in it, read by month', async () => {
    const company = await billingCompany();
    const first = await resolvedOnSiteCall(company.callstream);
    const second = await resolvedOnSiteCall(company.callstream);
    for (const [number, at] of [
      [first.call.number, '2026-11-27T09:00:00Z'],
      [second.call.number, '2026-12-02T09:00:00Z'],
    ] as const) {
      await bill(company, number, 'BillCall', { at });
      await bill(company, number, 'IssueInvoice', { at });
    }
    const months = company.callstream.billingTotals('period');
    expect(Object.keys(months).sort()).toEqual(['2026-11 EUR', '2026-12 EUR']);
    const december = company.callstream.billingTotals('period', {
      from: new Date('2026-12-01T00:00:00Z'),
    });
    expect(december).toEqual({ '2026-12 EUR': months['2026-12 EUR'] });
    const november = company.callstream.billingTotals('contract', {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    // The first call: 3 hours on site, 2 of them included.
    expect(november).toEqual({
      'acme-2026 EUR': expect.objectContaining({ calls: 1, invoices: 1, chargeable: 9500 }),
    });
  });

  it('keeps a month as it was invoiced: a later credit note and the new invoice count in their own month', async () => {
    const company = await billingCompany();
    const { call, step } = await resolvedOnSiteCall(company.callstream);
    await bill(company, call.number, 'BillCall', { at: '2026-11-27T09:00:00Z' });
    await bill(company, call.number, 'IssueInvoice', { at: '2026-11-27T09:05:00Z' });
    const november = {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    };
    const invoicedInNovember = company.callstream.billingTotals('period', november);
    expect(invoicedInNovember['2026-11 EUR']).toMatchObject({ invoices: 1, invoiced: 9500 });

    await bill(company, call.number, 'CreditInvoice', {
      reason: 'The travel hour was left out',
      at: '2026-12-03T09:00:00Z',
    });
    await step('BookTime', '2026-12-03T09:10:00Z', {
      labourType: 'on-site',
      minutes: 60,
      workDate: '2026-11-24',
    });
    await bill(company, call.number, 'BillCall', { at: '2026-12-03T09:20:00Z' });
    await bill(company, call.number, 'IssueInvoice', { at: '2026-12-03T09:25:00Z' });

    const months = company.callstream.billingTotals('period');
    // November's invoicing stands as issued; the call's billing is now its December invoice.
    expect(months['2026-11 EUR']).toEqual({
      ...invoicedInNovember['2026-11 EUR'],
      ...{ calls: 0, total: 0, warranty: 0, contract: 0, chargeable: 0 },
    });
    // The credit note gives back what November's invoice charged; the new one charges the hour more.
    expect(months['2026-12 EUR']).toMatchObject({
      calls: 1,
      chargeable: 19000,
      invoices: 1,
      invoiced: 19000,
      creditNotes: 1,
      credited: 9500,
    });
    expect(company.callstream.billingTotals('contract', november)['acme-2026 EUR']).toMatchObject({
      invoices: 1,
      invoiced: 9500,
      creditNotes: 0,
      credited: 0,
    });
    expect((await company.callstream.verify()).differences).toEqual([]);
  });
});
