import { describe, expect, it } from 'vitest';
import { billingCompany, resolvedOnSiteCall } from '../support/company.js';
import { logAt, officeCallstream } from '../support/office.js';
import { staff } from '../support/pipeline.js';

/**
 * The processes the application runs (escalation, billing) judge everything recorded before
 * they run, whatever the projection mode: with projections folded only on request (`manual`)
 * or by a background reader (`live`), the board they read would otherwise lag behind.
 */
describe('processes read the read models as of the store head', () => {
  it('the billing run bills a call its summaries had not caught up with yet', async () => {
    const company = await billingCompany({ projectionMode: 'manual' });
    const { callstream } = company;
    await resolvedOnSiteCall(callstream);
    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 1,
      issued: 1,
    });
  });

  it('the escalation judges a call the board had not caught up with yet', async () => {
    const { callstream } = await officeCallstream({ projectionMode: 'manual' });
    await logAt(callstream, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris, response within 4 h
    const report = await callstream.escalate(new Date('2026-11-23T11:30:00Z')); // 3 h used
    expect(report).toMatchObject({
      calls: 1,
      escalations: [{ target: 'response', level: 'warning' }],
    });
  });
});
