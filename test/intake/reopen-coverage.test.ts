import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { CommandResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { accept, billingCompany, onCall, resolvedOnSiteCall, submit } from '../support/company.js';

/**
 * B4, A8: a reopened call is a new call, validated again; work the customer now pays for
 * (the cover ended since the original) is taken only as chargeable work, explicitly.
 */
describe('reopening a call whose cover ended since', () => {
  async function closedCallWithoutCover() {
    const company = await billingCompany();
    const { call, step } = await resolvedOnSiteCall(company.callstream); // SRV-1, acme-2026 L2: on-site repair at 100 %
    await step('CloseCall', '2026-11-24T12:00:00Z', {}, staff.ann);
    await company.run(
      'EndCoverageLine',
      { contractId: 'acme-2026', lineId: 'L2', until: '2026-11-25' },
      staff.sam,
    );
    const reopen = (fields: Record<string, unknown> = {}) =>
      company.callstream.executeJson({
        type: 'ReopenCall',
        commandId: uuid(),
        actor: staff.ann,
        at: '2026-11-26T09:00:00Z',
        call: call.number,
        reason: 'Fails again',
        ...fields,
      }) as Promise<CommandResult>;
    return { company, call, reopen };
  }

  it('given the line covering the call ended, when it is reopened without confirming chargeable work, then it is refused and nothing is written', async () => {
    const { company, reopen } = await closedCallWithoutCover();
    const head = await company.callstream.store.headPosition();
    await expect(reopen()).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      details: { coverage: { verdict: 'not-covered' } },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
  });

  it('given the line covering the call ended, when it is reopened as chargeable work, then the successor is logged not covered', async () => {
    const { company, reopen } = await closedCallWithoutCover();
    const { successor } = (await reopen({ chargeable: true })) as CommandResult & {
      successor: { number: string };
    };
    const logged = await company.callstream.call(successor.number);
    expect(logged.coverage).toMatchObject({ verdict: 'not-covered', chargeable: true });
    expect(logged.badFix).toBe(true);
  });

  it('given a partly covered call confirmed as chargeable, when it is reopened under the same cover, then the confirmation holds for the successor', async () => {
    const company = await billingCompany();
    const requestId = uuid();
    await submit(company.callstream, requestId, '2026-11-23T08:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-R',
      service: 'remote-support',
    }); // acme's Rome site: remote support at 50 %
    const { call } = await accept(company.callstream, requestId, '2026-11-23T08:05:00Z', {
      chargeable: true,
    });
    const step = onCall(company.callstream, call!.number);
    await step('ResolveCall', '2026-11-23T10:00:00Z', { solution: 'Restarted' });
    await step('CloseCall', '2026-11-23T11:00:00Z', {}, staff.ann);
    const { successor } = (await step(
      'ReopenCall',
      '2026-11-24T09:00:00Z',
      { reason: 'Down again' },
      staff.ann,
    )) as CommandResult & { successor: { number: string } };
    expect((await company.callstream.call(successor.number)).coverage).toMatchObject({
      verdict: 'partly-covered',
      share: 50,
    });
  });
});
