import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { accept, serviceCompany, submit } from '../support/company.js';
import { staff } from '../support/pipeline.js';

/** Issue 14, item 12: the call and its coverage agree on the site; the installed base's wins, with a warning. */
describe('a caller names another site than the installed base', () => {
  // SRV-2 is at acme's paris site until it moves to rome on 2026-11-25.
  it('given a LogCall naming paris for SRV-2 after its move, the call is at rome, like its coverage, with a warning', async () => {
    const { callstream } = await serviceCompany();
    const logged = await callstream.execute({
      type: 'LogCall',
      commandId: uuid(),
      actor: staff.ann,
      at: '2026-11-26T09:00:00Z',
      intake: { mode: 'knowledgeable', channel: 'phone' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
      item: { serialNumber: 'SRV-2' },
      description: 'Disk noise',
      chargeable: true,
    });
    expect(logged.state.coverage).toMatchObject({ siteId: 'rome' });
    expect(logged.state.subject).toMatchObject({ siteId: 'rome' });
    expect(logged.events[0]!.data).toMatchObject({
      namedSiteId: 'paris',
      subject: { siteId: 'rome' },
    });
    expect(logged.warnings).toEqual([
      expect.stringContaining("places SRV-2 at site rome on the call's day, not at paris"),
    ]);
    expect(await callstream.summary(logged.number)).toMatchObject({ siteId: 'rome' });
  });

  it('given a request naming paris for SRV-2 after its move, the accepted call is at rome', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'moved', '2026-11-26T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-2',
      siteId: 'paris',
    });
    const accepted = await accept(callstream, 'moved', '2026-11-26T09:05:00Z', {
      chargeable: true,
    });
    expect(accepted.call!.state.subject).toMatchObject({ siteId: 'rome' });
    expect(accepted.call!.state.coverage).toMatchObject({ siteId: 'rome' });
    expect(accepted.warnings).toEqual([expect.stringContaining('not at paris')]);
  });

  it('given the named site is the installed base’s, nothing changes and nothing is said', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'same', '2026-11-26T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
      siteId: 'paris',
    });
    const accepted = await accept(callstream, 'same', '2026-11-26T09:05:00Z');
    expect(accepted.call!.state.subject).toMatchObject({ siteId: 'paris' });
    expect(accepted.warnings).toEqual([]);
  });
});

/** README: master data refers to things that exist; a site the customer does not have is refused. */
describe('a call, a request or a visit naming a site the customer does not have', () => {
  const logCall = (siteId: string) => ({
    type: 'LogCall' as const,
    commandId: uuid(),
    actor: staff.ann,
    at: '2026-11-23T09:00:00Z',
    intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
    subject: { kind: 'customer' as const, customerId: 'acme', siteId },
    description: 'Printer jammed',
    chargeable: true,
  });

  it('refuses the LogCall (SiteNotFound, naming the customer’s sites) and writes nothing, not even a refused request', async () => {
    const { callstream } = await serviceCompany();
    const head = await callstream.store.headPosition();
    await expect(callstream.execute(logCall('milano'))).rejects.toMatchObject({
      code: 'SiteNotFound',
      message: 'Customer acme has no site milano; sites: paris, rome',
      details: { customerId: 'acme', siteId: 'milano' },
    });
    expect(await callstream.store.headPosition()).toBe(head);
    expect((await callstream.execute(logCall('rome'))).state.subject).toMatchObject({
      siteId: 'rome',
    });
  });

  it('refuses to accept a request with a site the sender’s customer does not have; accepted with the right one, it is the call’s', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'typo', '2026-11-23T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      siteId: 'pariss',
    });
    await expect(accept(callstream, 'typo', '2026-11-23T09:05:00Z')).rejects.toMatchObject({
      code: 'SiteNotFound',
    });
    expect(callstream.inbox()).toEqual([
      expect.objectContaining({ requestId: 'typo', status: 'waiting' }),
    ]);
    const accepted = await accept(callstream, 'typo', '2026-11-23T09:06:00Z', {
      siteId: 'paris',
      chargeable: true,
    });
    expect(accepted.call!.state.subject).toMatchObject({ siteId: 'paris' });
  });

  it('refuses an on-site visit at a site that is not the call’s customer’s', async () => {
    const { callstream } = await serviceCompany();
    const { number } = await callstream.execute(logCall('paris'));
    const visit = (siteId: string) =>
      callstream.execute({
        type: 'ScheduleOnSiteVisit',
        commandId: uuid(),
        actor: staff.sam,
        at: '2026-11-23T09:30:00Z',
        call: number,
        engineer: 'eve',
        siteId,
        plannedStart: '2026-11-24T09:00:00Z',
        plannedEnd: '2026-11-24T11:00:00Z',
      });
    await expect(visit('bellini-milano')).rejects.toMatchObject({
      code: 'SiteNotFound',
      details: { customerId: 'acme', siteId: 'bellini-milano' },
    });
    expect((await visit('rome')).events[0]).toMatchObject({
      type: 'OnSiteVisitScheduled',
      data: { siteId: 'rome' },
    });
  });
});

/** The call is about the item the installed base knows the serial number as: routing reads it too. */
describe('a caller names only a serial number, or another item than the installed base', () => {
  const logCall = (item: Record<string, string>) => ({
    type: 'LogCall' as const,
    commandId: uuid(),
    actor: staff.ann,
    at: '2026-11-23T09:00:00Z',
    intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
    subject: { kind: 'customer' as const, customerId: 'acme', siteId: 'paris' },
    item,
    description: 'Fan noise',
    chargeable: true,
  });

  it('records the installed base’s item, routes by it, and keeps and warns of an item named otherwise', async () => {
    const company = await serviceCompany();
    await company.run('DefineGroup', { groupId: 'servers', name: 'Servers', kind: 'work' });
    await company.run('PublishRoutingRules', {
      effectiveFrom: '2026-01-01T00:00:00Z',
      rules: [
        {
          ruleId: 'r740',
          when: { products: ['server-r740'] },
          then: { kind: 'group', group: 'servers' },
        },
      ],
    });
    const bySerial = await company.callstream.execute(logCall({ serialNumber: 'SRV-1' }));
    expect(bySerial.state.item).toEqual({ serialNumber: 'SRV-1', item: 'server-r740' });
    expect(bySerial.state.dispatch).toMatchObject({ group: 'servers' });
    expect(bySerial.warnings).toEqual([]);

    const misnamed = await company.callstream.execute(
      logCall({ serialNumber: 'SRV-1', item: 'pc-optiplex' }),
    );
    expect(misnamed.state.item).toEqual({ serialNumber: 'SRV-1', item: 'server-r740' });
    expect(misnamed.events[0]!.data).toMatchObject({ namedItem: 'pc-optiplex' });
    expect(misnamed.state.dispatch).toMatchObject({ group: 'servers' });
    expect(misnamed.warnings).toContainEqual(
      'The installed base knows SRV-1 as server-r740, not pc-optiplex as named: the call is about server-r740',
    );
  });
});
