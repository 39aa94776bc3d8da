import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { Callstream } from '../../src/callstream.js';
import { CommandIdReused } from '../../src/commands/errors.js';
import { collect } from '../store/contract.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';
import { billingCompany, resolvedOnSiteCall, submit } from '../support/company.js';

/**
 * A command id names one command (issue 14): sent for another stream it is CommandIdReused and
 * writes nothing, also where the command writes other streams before its own: the allowance,
 * invoice and credit-note numbers billing takes, the successor call a reopening logs, the call
 * an acceptance logs. Both embedded stores recognise ids across streams.
 */
describe.each([
  ['memory', () => ({ options: {}, remove: () => undefined })],
  [
    'a SQLite file',
    () => {
      const database = temporaryDatabase();
      return { options: { file: database.path }, remove: database.remove };
    },
  ],
] as const)('a command id used on another stream (%s)', (_store, storage) => {
  let cleanUp: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanUp.reverse()) await step();
    cleanUp = [];
  });

  async function company(): Promise<Awaited<ReturnType<typeof billingCompany>>> {
    const { options, remove } = storage();
    const opened = await billingCompany(options);
    cleanUp.push(remove, () => opened.callstream.close());
    return opened;
  }

  /** A resolved call with chargeable on-site hours, and a command id already used for a note on it. */
  async function resolvedCall(opened: Awaited<ReturnType<typeof billingCompany>>) {
    const { call, step } = await resolvedOnSiteCall(opened.callstream);
    const used = uuid();
    await step('AddInternalNote', '2026-11-24T12:00:00Z', { text: 'Checked', commandId: used });
    return { number: call.number, step, used };
  }

  /** Runs the command and answers what it was refused with, and what it wrote. */
  async function refusal(callstream: Callstream, command: Record<string, unknown>) {
    const head = (await callstream.store.headPosition())!;
    const error = await callstream.executeJson(command).catch((e: unknown) => e);
    const written = await collect(callstream.store.readAll({ fromPosition: head + 1n }));
    return { error, written: written.map((event) => `${event.streamName} ${event.type}`) };
  }

  const billing = (type: string, call: string, commandId = uuid(), extra = {}) => ({
    type,
    commandId,
    actor: staff.bill,
    call,
    at: '2026-11-27T09:00:00Z',
    ...extra,
  });

  it.each(['BillCall', 'IssueInvoice', 'CreditInvoice'])(
    '%s takes no allowance and no number',
    async (type) => {
      const opened = await company();
      const { number, used } = await resolvedCall(opened);
      if (type !== 'BillCall') await opened.callstream.executeJson(billing('BillCall', number));
      if (type === 'CreditInvoice')
        await opened.callstream.executeJson(billing('IssueInvoice', number));
      const allowance = opened.callstream.allowanceUse('acme-2026');
      const { error, written } = await refusal(
        opened.callstream,
        billing(type, number, used, type === 'CreditInvoice' ? { reason: 'Goodwill' } : {}),
      );
      expect(error).toBeInstanceOf(CommandIdReused);
      expect((error as CommandIdReused).differs).toBe('target');
      expect(written).toEqual([]);
      expect(opened.callstream.allowanceUse('acme-2026')).toEqual(allowance);
      // The numbers it did not take are the next ones given.
      if (type === 'IssueInvoice') {
        await opened.callstream.executeJson(billing('IssueInvoice', number));
        expect((await opened.callstream.invoice(number))!.invoiceNumber).toBe('INV-000001');
      }
    },
  );

  it('ReopenCall logs no successor call', async () => {
    const opened = await company();
    const { number, step } = await resolvedCall(opened);
    await step('CloseCall', '2026-11-25T09:00:00Z', {}, staff.sam);
    const used = uuid(); // by a request: the note's id would name a command on this very call
    await submit(opened.callstream, uuid(), '2026-11-25T10:00:00Z', {
      sender: { email: 'claire@acme.example' },
      commandId: used,
    });
    const { error, written } = await refusal(opened.callstream, {
      type: 'ReopenCall',
      commandId: used,
      actor: staff.ann,
      at: '2026-11-26T09:00:00Z',
      call: number,
      reason: 'It fails again',
    });
    expect(error).toBeInstanceOf(CommandIdReused);
    expect(written).toEqual([]);
    expect(opened.callstream.board().map((row) => row.number)).toEqual([]); // closed, no successor
  });

  it('AcceptRequest logs no call for the request', async () => {
    const opened = await company();
    const { used } = await resolvedCall(opened);
    const requestId = uuid();
    await submit(opened.callstream, requestId, '2026-11-26T08:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
      service: 'on-site-repair',
    });
    const { error, written } = await refusal(opened.callstream, {
      type: 'AcceptRequest',
      commandId: used,
      actor: staff.ann,
      at: '2026-11-26T08:05:00Z',
      requestId,
      chargeable: true,
    });
    expect(error).toBeInstanceOf(CommandIdReused);
    expect(written).toEqual([]);
    expect(opened.callstream.inbox({}).find((row) => row.requestId === requestId)?.status).toBe(
      'waiting',
    );
  });
});
