import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { staff } from '../support/pipeline.js';
import { serviceCompany, submit } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * An agent accepts a request while another declines it. Accepting logs the call first, then
 * records the acceptance on the request: when the decline lands between the two, the call
 * logged for a request that ended declined is cancelled, with the reason, never left open.
 */
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

describe.each([
  ['memory', undefined],
  ['SQLite', 'race.db'],
])('AcceptRequest racing DeclineRequest (%s)', (_store, name) => {
  it('leaves every request either accepted with its call open, or declined with no open call', async () => {
    const { callstream } = await serviceCompany(name ? { file: `${tmp.dir}/${name}` } : {});
    const rounds = 10;
    let declinedWon = 0;
    for (let i = 0; i < rounds; i++) {
      const requestId = `r${i}`;
      await submit(callstream, requestId, '2026-11-23T08:00:00Z', {
        sender: { email: 'claire@acme.example' },
        serialNumber: 'SRV-1',
      });
      const [accepted, declined] = await Promise.allSettled([
        callstream.executeJson({
          type: 'AcceptRequest',
          commandId: uuid(),
          actor: staff.ann,
          at: '2026-11-23T08:05:00Z',
          requestId,
        }),
        callstream.executeJson({
          type: 'DeclineRequest',
          commandId: uuid(),
          actor: staff.sam,
          at: '2026-11-23T08:05:00Z',
          requestId,
          reason: 'Spam',
        }),
      ]);
      // Exactly one of the two wins.
      expect([accepted.status, declined.status].sort()).toEqual(['fulfilled', 'rejected']);
      if (declined.status === 'fulfilled') declinedWon++;
    }
    const declined = callstream.inbox({ status: 'declined' }).map((entry) => entry.requestId);
    const accepted = callstream.inbox({ status: 'accepted' }).map((entry) => entry.requestId);
    expect(declined).toHaveLength(declinedWon);
    expect(declined.length + accepted.length).toBe(rounds);
    expect(callstream.board()).toHaveLength(accepted.length);
    await callstream.close();
  });
});
