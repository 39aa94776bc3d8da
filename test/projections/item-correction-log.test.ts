import { describe, expect, it } from 'vitest';
import { staff } from '../support/pipeline.js';
import { serviceCompany, remoteCallOnSrvR } from '../support/company.js';

/**
 * A2, B4, F1, F2: the serial number reported with a call was misread. Corrected, the call is
 * judged again for the unit actually at fault, through the pipeline with master data: the
 * call, its summary on the board and both logs show the new verdict, and a correction that
 * would leave the customer more to pay is confirmed first.
 */
describe('the coverage of a call whose serial number is corrected (A2, B4, F2)', () => {
  it('is judged again for the corrected unit and shown to staff and the customer', async () => {
    // Given acme's remote-support call on SRV-R at rome, partly covered (50 %) by acme-2026
    const company = await serviceCompany();
    const { callstream } = company;
    const { call, step } = await remoteCallOnSrvR(callstream);
    expect(call.state.coverage).toMatchObject({ verdict: 'partly-covered', share: 50 });

    // When Ann corrects the serial number: the unit is SRV-1, which acme-2026 covers in full
    await step(
      'CorrectCallDetails',
      '2026-11-23T10:00:00Z',
      {
        reason: 'The customer read the label of the wrong server',
        item: { item: 'server-r740', serialNumber: 'SRV-1' },
      },
      staff.ann,
    );

    // Then the call and its summary are covered, and the logs show the verdict change
    expect((await callstream.call(call.number)).coverage).toMatchObject({
      verdict: 'covered',
      share: 100,
      serialNumber: 'SRV-1',
      rule: 'serial-number',
    });
    expect(await callstream.summary(call.number)).toMatchObject({ coverageVerdict: 'covered' });
    const corrections = <E extends { eventType: string }>(entries: readonly E[]) =>
      entries.filter((entry) => entry.eventType === 'CallDetailsCorrected');
    expect(corrections(await callstream.log(call.number))).toContainEqual(
      expect.objectContaining({
        field: 'coverage.verdict',
        old: 'partly-covered',
        new: 'covered',
        actor: staff.ann,
        reason: 'The customer read the label of the wrong server',
      }),
    );
    const customer = corrections(await callstream.log(call.number, { audience: 'customer' }));
    expect(customer.map(({ field, old, new: value }) => ({ field, old, new: value }))).toEqual(
      expect.arrayContaining([
        { field: 'coverage.verdict', old: 'partly-covered', new: 'covered' },
      ]),
    );
    await callstream.close();
  });

  it('refuses a correction that leaves the customer more to pay until it is confirmed, writing nothing', async () => {
    // Given the same call, corrected to SRV-1 (covered in full), with 30 minutes of remote work booked
    const company = await serviceCompany();
    const { callstream } = company;
    const { call, step } = await remoteCallOnSrvR(callstream);
    const toSrv = (serialNumber: string) => ({
      reason: 'Serial number corrected',
      item: { item: 'server-r740', serialNumber },
    });
    await step('CorrectCallDetails', '2026-11-23T10:00:00Z', toSrv('SRV-1'), staff.ann);
    await step('BookTime', '2026-11-23T10:30:00Z', { labourType: 'remote', minutes: 30 });
    const head = await callstream.store.headPosition();

    // When Ann corrects it back to SRV-R, which acme-2026 covers at 50 % only
    // Then it is refused, saying what the customer would pay, and nothing is written
    await expect(
      step('CorrectCallDetails', '2026-11-23T11:00:00Z', toSrv('SRV-R'), staff.ann),
    ).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      message: expect.stringMatching(
        /for serial number SRV-R the customer pays 50% of the work where they paid 0% for serial number SRV-1/,
      ),
    });
    expect(await callstream.store.headPosition()).toBe(head);

    // And confirmed as chargeable, it is recorded with the verdict for SRV-R
    await step(
      'CorrectCallDetails',
      '2026-11-23T11:00:00Z',
      { ...toSrv('SRV-R'), chargeable: true },
      staff.ann,
    );
    expect((await callstream.call(call.number)).coverage).toMatchObject({
      verdict: 'partly-covered',
      share: 50,
      serialNumber: 'SRV-R',
    });
    await callstream.close();
  });
});
