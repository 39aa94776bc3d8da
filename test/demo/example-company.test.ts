import { describe, expect, it } from 'vitest';
import { Callstream, setUpExampleCompany } from '../../src/index.js';

describe('the example company', () => {
  it('is set up through the real pipeline, once: a second set-up of the same year writes nothing', async () => {
    const callstream = await Callstream.open();
    const first = await setUpExampleCompany(callstream);
    expect(first.written).toBe(first.commands);
    expect(callstream.board()).toEqual([]);

    const again = await setUpExampleCompany(callstream);
    expect(again).toMatchObject({ commands: first.commands, written: 0 });
    expect(again.byType.get('RegisterCustomer')).toBe(6);
    await callstream.close();
  });

  it('is set up for any year: its contracts and warranties are dated in that year, not 2026', async () => {
    const callstream = await Callstream.open();
    const report = await setUpExampleCompany(callstream, { year: 2031 });
    expect(report.written).toBe(report.commands);
    await callstream.close();
  });

  it('is ready to take calls: Acme is covered by its contract', async () => {
    const callstream = await Callstream.open();
    await setUpExampleCompany(callstream);
    const logged = await callstream.execute({
      type: 'LogCall',
      commandId: '6f0b6d1e-8d2a-4c53-9d0e-2b1f6a3c4d5e',
      actor: { id: 'ann', role: 'agent' },
      at: '2026-11-23T09:00:00Z',
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'acme-paris' },
      item: { item: 'server-r740', serialNumber: 'SERVER-ACMP1' },
      description: 'Server does not boot',
    });
    expect(logged.state.coverage?.verdict).toBe('covered');
    expect(logged.state.coverage?.contractId).toBe('acme-2026');
    await callstream.close();
  });
});
