/**
 * A running callstream keeps the streams it worked on folded in memory, their personal
 * values opened. A forgetting must reach them too: a command that copies a person's values
 * into a stream of another subject (a reopening copies the reporter onto the successor,
 * accepting a request makes its sender the call's reporter) would otherwise seal them again
 * under a live key, and the forgotten person would be back. Whoever forgets: this callstream,
 * or another one on the same file (the CLI beside a running service).
 */
import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { accept, loggedServerCall, onCall, serviceCompany, submit } from '../support/company.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

const officer = { id: 'dpo', role: 'privacy-officer' } as const;
const zeb = { name: 'Zebulon Quixote', email: 'zq@acme.example', phone: '+33 9 99 99 99 99' };

describe('forgetting a person whose streams a running callstream holds in memory', () => {
  let file: ReturnType<typeof temporaryDatabase>;
  let callstream: Callstream;

  beforeEach(async () => {
    file = temporaryDatabase();
    ({ callstream } = await serviceCompany({ file: file.path }));
  });
  afterEach(async () => {
    await callstream.close();
    file.remove();
  });

  /** Forgets a person through a callstream of its own on the same file, as the CLI would. */
  const forgetElsewhere = async (person: string) => {
    const other = await Callstream.open({ file: file.path });
    try {
      await other.forgetPerson({ commandId: uuid(), actor: officer, person, reason: 'DSR-9' });
    } finally {
      await other.close();
    }
  };
  const forgetHere = (person: string) =>
    callstream.forgetPerson({ commandId: uuid(), actor: officer, person, reason: 'DSR-9' });

  const whoForgets = [
    ['here', forgetHere],
    ['by another callstream on the file', forgetElsewhere],
  ] as const;

  /** A call of zeb's, worked and closed by this callstream (so held in its memory). */
  const closedCall = async (): Promise<string> => {
    const { number } = await loggedServerCall(callstream, { reporter: zeb });
    const step = onCall(callstream, number);
    await step('StartWork', '2026-11-23T09:05:00Z');
    await step('ResolveCall', '2026-11-23T09:09:00Z', { solution: 'Rebooted' });
    await step('CloseCall', '2026-11-23T09:12:00Z', {}, staff.ann);
    return number;
  };

  it.each(whoForgets)(
    'reopening a call after its requester was forgotten (%s) copies none of their values onto the successor',
    async (_, forget) => {
      const number = await closedCall();
      await forget(`requester:${number}`);
      const { successor } = await onCall(callstream, number)(
        'ReopenCall',
        '2026-11-23T09:13:00Z',
        { reason: 'Again' },
        staff.carl,
      );
      const seen = JSON.stringify([
        await callstream.call(successor!.number),
        await callstream.log(successor!.number),
        await callstream.exportPerson(`requester:${successor!.number}`),
      ]);
      for (const value of Object.values(zeb)) expect(seen).not.toContain(value);
      expect((await callstream.call(successor!.number)).reporter).toEqual({
        name: '[erased]',
        email: '[erased]',
        phone: '[erased]',
      });
    },
  );

  it.each(whoForgets)(
    'a waiting request whose sender was forgotten (%s) never makes them the reporter of a call',
    async (_, forget) => {
      await submit(callstream, 'r1', '2026-11-23T09:00:00Z', {
        sender: zeb,
        serialNumber: 'SRV-1',
        body: 'Zebulon here: the server in room 12 is down.',
      });
      await forget('sender:r1');
      // Whether such a request may still become a call is not this test's matter (it is
      // refused today, as no longer naming its customer); whatever happens, none of them is back.
      await accept(callstream, 'r1', '2026-11-23T09:05:00Z').catch(() => undefined);
      await accept(callstream, 'r1', '2026-11-23T09:06:00Z', { customerId: 'acme' }).catch(
        () => undefined,
      );
      const calls = callstream.history({}).concat(callstream.board());
      const seen = JSON.stringify([
        calls,
        ...(await Promise.all(calls.map((row) => callstream.call(row.callId)))),
        callstream.inbox({ status: ['waiting', 'refused', 'accepted'] }),
      ]);
      for (const value of [...Object.values(zeb), 'room 12']) expect(seen).not.toContain(value);
    },
  );
});
