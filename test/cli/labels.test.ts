import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { fieldLabel } from '../../src/cli/shared/html.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';

/** A part of a field path that is a key, not a name: a call's T1 or B2, an id, a level such as resolution-warning. */
const isKey = (part: string): boolean =>
  /^[A-Z]+\d+$/.test(part) ||
  /^[0-9a-f-]{36}$/.test(part) ||
  /^[a-z0-9]+(-[a-z0-9]+)+$/.test(part) ||
  /^\d+$/.test(part);

describe('transaction log labels', () => {
  it('names every field the demo history changes, in the log a customer can be sent', async () => {
    const clock = new SimulatedClock(DEMO_START);
    const callstream = new Callstream({
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    await runDemo(callstream, { calls: 60, seed: 7, clock });
    const fields = new Set<string>();
    for (const call of [...callstream.board(), ...callstream.history()]) {
      for (const entry of await callstream.log(call.callId)) fields.add(entry.field);
    }
    expect(fields.size).toBeGreaterThan(100);
    const unnamed = [...fields].filter((field) => {
      const parts = fieldLabel(field)
        .replace(/^(Transfer|Information added|Internal note|Hold|Booking) ([A-Z]\d+)/, '$1')
        .split(' · ');
      return parts.some((part) => !isKey(part) && /^[a-z]/.test(part));
    });
    expect(unnamed).toEqual([]);
    expect(fieldLabel('acknowledgements.905f8d13-316e-54ce-910b-4379df456931.channel')).toBe(
      'Acknowledgement · Channel',
    );
    expect(fieldLabel('transfers.T1.rmaNumber')).toBe('Transfer T1 · RMA number');
    // An escalation's share is of the time allowed, not a coverage share.
    expect(fieldLabel('serviceLevel.escalations.resolution-warning.share')).toBe(
      'Service level · Escalated · resolution-warning · Share of the time allowed gone',
    );
    expect(fieldLabel('coverage.share')).toBe('Coverage · Share covered (%)');
    await callstream.close();
  });
});
