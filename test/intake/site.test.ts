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
