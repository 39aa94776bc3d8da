import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import {
  billingCompany,
  loggedServerCall,
  onCall,
  serviceCompany,
  submit,
} from '../support/company.js';
import { staff } from '../support/pipeline.js';

/** Issue 14, items 6 and 7: policies are recorded events, not constructor options. */
async function solvedCall(
  company: Awaited<ReturnType<typeof serviceCompany>>,
  work?: Record<string, unknown>,
) {
  const { callstream } = company;
  const logged = await loggedServerCall(callstream);
  if (work) await onCall(callstream, logged.number)('BookTime', '2026-11-23T09:30:00Z', work);
  await onCall(callstream, logged.number)('ResolveCall', '2026-11-23T10:00:00Z', {
    solution: 'PSU replaced',
  });
  return logged;
}

const close = (callstream: Callstream, number: string) =>
  onCall(callstream, number)('CloseCall', '2026-11-23T11:00:00Z', {}, staff.ann);

describe('customer acceptance is a recorded policy (D3, item 6)', () => {
  it('given no policy, a solved call closes without acceptance', async () => {
    const company = await serviceCompany();
    const logged = await solvedCall(company);
    expect((await close(company.callstream, logged.number)).state.status).toBe('Closed');
  });

  it('given the company requires acceptance, closing before it is refused, and after it succeeds', async () => {
    const company = await serviceCompany();
    await company.run('SetAcceptancePolicy', { required: true });
    const logged = await solvedCall(company);
    await expect(close(company.callstream, logged.number)).rejects.toMatchObject({
      code: 'AcceptanceRequired',
    });
    await onCall(company.callstream, logged.number)(
      'AcceptSolution',
      '2026-11-23T10:30:00Z',
      {},
      staff.carl,
    );
    expect((await close(company.callstream, logged.number)).state.status).toBe('Closed');
  });

  it('a contract’s own rule wins over the company’s, either way', async () => {
    const company = await serviceCompany();
    await company.run('SetAcceptancePolicy', { required: true });
    await company.run('SetAcceptancePolicy', { required: false, contractId: 'acme-2026' });
    const logged = await solvedCall(company);
    expect(logged.state.contractId).toBe('acme-2026');
    expect((await close(company.callstream, logged.number)).state.status).toBe('Closed');
    await company.run('SetAcceptancePolicy', { required: false });
    await company.run('SetAcceptancePolicy', { required: true, contractId: 'acme-2026' });
    const second = await solvedCall(company);
    await expect(close(company.callstream, second.number)).rejects.toMatchObject({
      code: 'AcceptanceRequired',
    });
  });

  it('refuses a policy for a contract master data does not know (ContractNotFound), billing’s too, and writes nothing', async () => {
    const company = await serviceCompany();
    const head = await company.callstream.store.headPosition();
    await expect(
      company.run('SetAcceptancePolicy', { required: true, contractId: 'acme-2062' }),
    ).rejects.toMatchObject({ code: 'ContractNotFound', details: { contractId: 'acme-2062' } });
    await expect(
      company.run('SetBillingPolicy', {
        invoiceOn: 'closing',
        priceListId: 'standard',
        contractId: 'acme-2062',
      }),
    ).rejects.toMatchObject({ code: 'ContractNotFound' });
    expect(await company.callstream.store.headPosition()).toBe(head);
  });

  it('is in the store: another process on the same events applies it', async () => {
    const store = new MemoryEventStore();
    const company = await serviceCompany({ store });
    await company.run('SetAcceptancePolicy', { required: true });
    const logged = await solvedCall(company);
    const other = await Callstream.open({ store });
    await expect(close(other, logged.number)).rejects.toMatchObject({ code: 'AcceptanceRequired' });
  });

  it('invoicing on acceptance bills a call that was closed without one (closing stands for it)', async () => {
    const company = await billingCompany({}, 'acceptance');
    const logged = await solvedCall(company, { labourType: 'remote', minutes: 60 });
    expect((await company.callstream.runBilling()).notReady).toBe(1);
    await close(company.callstream, logged.number);
    const report = await company.callstream.runBilling();
    expect(report.notReady).toBe(0);
    expect(report.billed + report.nothingToInvoice).toBe(1);
  });
});

describe('the zone of calendar days is a recorded organisation setting (item 7)', () => {
  // initech's contract ends on 2026-11-23 (its last day, inclusive).
  const lateRequest = (callstream: Callstream, requestId: string) =>
    submit(callstream, requestId, '2026-11-23T23:30:00Z', {
      sender: { email: 'bill@initech.example' },
    });

  it('given Europe/Paris, a request at 00:30 Paris time the day after a contract ended is refused', async () => {
    const { callstream, run } = await serviceCompany();
    await run('SetTimeZone', { timeZone: 'Europe/Paris' });
    await run('SetInboxes', { mode: 'shared', autoAccept: ['email'] });
    const result = await lateRequest(callstream, 'late');
    expect(result.refusal).toMatchObject({ reason: 'no-active-contract' });
  });

  it('given no zone (UTC), the same instant is still the contract’s last day', async () => {
    const { callstream, run } = await serviceCompany();
    await run('SetInboxes', { mode: 'shared', autoAccept: ['email'] });
    const result = await lateRequest(callstream, 'late');
    expect(result.refusal).toBeUndefined();
    expect(result.state).toMatchObject({ status: 'waiting' }); // uncovered work waits for an agent to confirm it as chargeable
  });

  it('refuses a zone the runtime does not know, with a typed error', async () => {
    const { run } = await serviceCompany();
    await expect(run('SetTimeZone', { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });
});
