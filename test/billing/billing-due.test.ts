import { afterEach, describe, expect, it, vi } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { Forbidden } from '../../src/commands/errors.js';
import { callsDueForBilling } from '../../src/projections/call-billing.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import type { ReadModelStore, WalkOptions } from '../../src/projections/types.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';
import {
  acceptedOnSiteCall,
  billingCompany,
  resolvedOnSiteCall,
  serviceCompany,
} from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';

/**
 * A billing run must cost what billing owes, not what the company ever did: a decade of
 * settled calls is never read again. The calls read model keeps the calls billing owes
 * something under an index (`calls.billing`, `due`), and the run reads only those.
 */
const files: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const file of files.splice(0)) file.remove();
});

/** Every read a billing run asks of the read models, by what it reads. */
class ReadsCounted {
  readonly reads = new Map<string, number>();
  readonly store: ReadModelStore;

  constructor(inner: ReadModelStore) {
    const count = (what: string) => this.reads.set(what, (this.reads.get(what) ?? 0) + 1);
    this.store = new Proxy(inner, {
      get: (target, name, receiver) => {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (name !== 'get' && name !== 'find' && name !== 'all')
          return (value as (...args: unknown[]) => unknown).bind(target);
        return (projection: string, collection: string, ...rest: unknown[]) => {
          // A walk with a filter reads an index a page at a time; without one, the whole collection.
          const filter = name === 'all' ? (rest[0] as WalkOptions | undefined)?.filter : undefined;
          count(
            filter
              ? `walk ${projection}.${collection} by ${Object.keys(filter).join(', ')}`
              : `${name} ${projection}.${collection}`,
          );
          return (value as (...args: unknown[]) => unknown).call(
            target,
            projection,
            collection,
            ...rest,
          );
        };
      },
    });
  }
}

async function companyOnFile(invoiceOn: 'resolution' | 'closing' = 'resolution') {
  const file = temporaryDatabase();
  files.push(file);
  const events = new SqliteEventStore(file.path, { synchronous: 'NORMAL' });
  const counted = new ReadsCounted(new SqliteReadModelStore(events.db));
  const company = await billingCompany({ store: events, readModels: counted.store }, invoiceOn);
  return { ...company, counted };
}

const due = (callstream: Callstream) =>
  [...callsDueForBilling(callstream.readModels)].map((call) => call.callId);

describe('the billing run reads only the calls billing owes something (calls.billing, indexed by due)', () => {
  it('a call is due from its solution until its invoice is issued, again once credited, and never while back in work', async () => {
    const company = await companyOnFile();
    const { callstream } = company;
    const { call, step } = await resolvedOnSiteCall(callstream);
    const id = call.callId;
    expect(due(callstream)).toEqual([id]); // solved, never billed

    const billCommand = (type: string, extra: Record<string, unknown> = {}) =>
      callstream.executeJson({
        type,
        commandId: uuid(),
        actor: staff.bill,
        call: call.number,
        at: '2026-11-27T09:00:00Z',
        ...extra,
      });
    await billCommand('BillCall');
    expect(due(callstream)).toEqual([id]); // a proposal waits to be issued

    await billCommand('IssueInvoice');
    expect(due(callstream)).toEqual([]); // billed as it stands

    await step('AcceptSolution', '2026-11-27T10:00:00Z', {}, staff.carl);
    await step('CloseCall', '2026-11-27T11:00:00Z', {}, staff.ann);
    expect(due(callstream)).toEqual([]); // accepting and closing change nothing billing reads

    await billCommand('CreditInvoice', { reason: 'Wrong rate' });
    expect(due(callstream)).toEqual([id]); // the next round is owed

    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 1,
      issued: 1,
    });
    expect(due(callstream)).toEqual([]);

    await billCommand('CreditInvoice', {
      reason: 'Goodwill',
      waive: true,
      at: new Date().toISOString(),
    });
    expect(due(callstream)).toEqual([]); // waived: no round is owed, ever
    await callstream.close();
  });

  it('a "nothing to invoice" stands until work booked after it outdates it; a dispute holds it until solved again', async () => {
    const company = await companyOnFile();
    const { callstream } = company;
    const { call, step } = await acceptedOnSiteCall(callstream);
    const id = call.callId;
    // One hour on site under a contract that includes two: nothing to invoice.
    await step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 60 });
    await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
    expect(due(callstream)).toEqual([id]);
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({
      nothingToInvoice: 1,
    });
    expect(due(callstream)).toEqual([]); // settled: nothing owed

    await step('RejectSolution', '2026-11-25T09:00:00Z', { reason: 'Still fails' }, staff.carl);
    expect(due(callstream)).toEqual([]); // back in work: nothing to bill until solved
    await step('BookTime', '2026-11-25T10:00:00Z', { labourType: 'on-site', minutes: 120 });
    expect(due(callstream)).toEqual([]);
    await step('ResolveCall', '2026-11-25T11:00:00Z', { solution: 'Replaced the board' });
    expect(due(callstream)).toEqual([id]); // the rework outdates "nothing to invoice"
    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 1,
      issued: 1,
    });
    expect(due(callstream)).toEqual([]);
    await callstream.close();
  });

  it('a call cancelled with work booked is due until billed; one cancelled with none never is', async () => {
    const { callstream } = await companyOnFile('closing');
    const { call, step } = await acceptedOnSiteCall(callstream);
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'on-site', minutes: 60 });
    await step('CancelCall', '2026-11-23T11:00:00Z', { reason: 'Called off' }, staff.sam);
    const idle = await acceptedOnSiteCall(callstream);
    await idle.step('CancelCall', '2026-11-23T11:00:00Z', { reason: 'Logged twice' }, staff.sam);
    expect(await callstream.call(call.number)).toMatchObject({
      status: 'Closed',
      closure: { cancelled: true },
    });
    expect(due(callstream)).toEqual([call.callId]);
    // The hour on site is within the two the contract includes.
    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 0,
      nothingToInvoice: 1,
      notReady: 0,
    });
    expect(due(callstream)).toEqual([]);
    await callstream.close();
  });

  it('a call short of its invoicing moment, or a company without a billing policy, costs the run no command', async () => {
    const company = await companyOnFile('closing');
    const { callstream } = company;
    const { call, step } = await resolvedOnSiteCall(callstream);
    const sent = vi.spyOn(callstream.pipeline, 'executeJson'); // every command passes there
    // Whoever may not bill is refused, though the run would send nothing.
    const refused = callstream.runBilling({ actor: staff.eve });
    await expect(refused).rejects.toBeInstanceOf(Forbidden);
    await expect(refused).rejects.toThrow(
      /^An engineer may not BillCall; allowed: billing, supervisor, system$/,
    );
    // Solved, invoiced on closing: due (billing owes it a round), not ready.
    expect(due(callstream)).toEqual([call.callId]);
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({
      billed: 0,
      notReady: 1,
    });
    expect(sent).not.toHaveBeenCalled();
    // Accepted: still short of closing.
    await step('AcceptSolution', '2026-11-27T10:00:00Z', {}, staff.carl);
    sent.mockClear(); // the step itself went through there
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({ notReady: 1 });
    expect(sent).not.toHaveBeenCalled();
    await step('CloseCall', '2026-11-27T11:00:00Z', {}, staff.ann);
    sent.mockClear(); // the step itself went through there
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({
      billed: 1,
      notReady: 0,
    });
    expect(sent.mock.calls.map(([command]) => (command as { type: string }).type)).toEqual([
      'BillCall',
    ]);
    await callstream.close();

    const file = temporaryDatabase();
    files.push(file);
    const events = new SqliteEventStore(file.path, { synchronous: 'NORMAL' });
    const { callstream: unpriced } = await serviceCompany({ store: events });
    const solved = await resolvedOnSiteCall(unpriced);
    const unsent = vi.spyOn(unpriced.pipeline, 'executeJson');
    expect(await unpriced.runBilling({ actor: staff.bill })).toMatchObject({
      billed: 0,
      refused: { NoBillingPolicy: 1 },
      // Each refused call named, with why: it stays unbilled until put right.
      refusals: [
        {
          callId: solved.call.callId,
          code: 'NoBillingPolicy',
          message: expect.stringMatching(
            /^No billing policy says when calls of contract \S+ are invoiced$/,
          ),
        },
      ],
    });
    expect(unsent).not.toHaveBeenCalled();
    // The command itself says the same.
    await expect(
      unpriced.executeJson({
        type: 'BillCall',
        commandId: uuid(),
        actor: staff.bill,
        call: solved.call.number,
        at: '2026-11-27T09:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'NoBillingPolicy' });
    await unpriced.close();
  });

  it("judges each call by its own contract's invoicing moment, else the company's", async () => {
    const company = await companyOnFile('resolution');
    const { callstream } = company;
    // Acme's contract is invoiced on closing; the company's other calls on resolution.
    await company.run('SetBillingPolicy', {
      contractId: 'acme-2026',
      invoiceOn: 'closing',
      priceListId: 'standard',
    });
    const { call, step } = await resolvedOnSiteCall(callstream);
    expect(call.state.contractId).toBe('acme-2026');
    const sent = vi.spyOn(callstream.pipeline, 'executeJson'); // every command passes there
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({
      billed: 0,
      notReady: 1,
    });
    expect(sent).not.toHaveBeenCalled();
    await step('AcceptSolution', '2026-11-27T10:00:00Z', {}, staff.carl);
    await step('CloseCall', '2026-11-27T11:00:00Z', {}, staff.ann);
    expect(await callstream.runBilling({ actor: staff.bill })).toMatchObject({
      billed: 1,
      notReady: 0,
    });
    await callstream.close();
  });

  it('reads the same documents for the one call owed whether 2 or 20 calls were settled before, and never all of a collection', async () => {
    const readsOfARun = async (settled: number) => {
      const { callstream, counted } = await companyOnFile();
      for (let i = 0; i < settled; i++) await resolvedOnSiteCall(callstream);
      expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
        billed: settled,
        issued: settled,
      });
      const { call } = await resolvedOnSiteCall(callstream);
      counted.reads.clear();
      expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
        billed: 1,
        issued: 1,
      });
      expect((await callstream.invoice(call.number))?.status).toBe('issued');
      await callstream.close();
      return Object.fromEntries(counted.reads);
    };
    const few = await readsOfARun(2);
    expect(few).toMatchObject({ 'walk calls.billing by due': 1 });
    expect(Object.keys(few).filter((read) => read.startsWith('all '))).toEqual([]);
    expect(await readsOfARun(20)).toEqual(few);
  });
});
