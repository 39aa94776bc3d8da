import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { serviceCompany } from '../support/company.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type {
  AppendOptions,
  AppendResult,
  EventToAppend,
  StreamAppend,
} from '../../src/store/port.js';

/** A store whose process is "killed" at its next append outside the request's own stream, once armed. */
class KilledBeforeAcceptance extends MemoryEventStore {
  armed = false;
  override async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ) {
    if (this.armed && !stream.startsWith('request-')) {
      this.armed = false;
      throw new Error('killed');
    }
    return super.appendToStream(stream, events, options);
  }

  // A call is logged with its number in one linked append: killed, it writes neither.
  override async appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]> {
    if (this.armed) {
      this.armed = false;
      throw new Error('killed');
    }
    return super.appendLinked(first, then);
  }
}

const submit = async (
  callstream: { execute(command: unknown): Promise<unknown> },
  command: Record<string, unknown>,
) => (await callstream.execute(command)) as AggregateResult;

const webForm = (requestId: string, fields: Record<string, unknown> = {}) => ({
  type: 'SubmitRequest',
  commandId: uuid(),
  actor: staff.carl,
  at: '2026-11-23T09:00:00Z',
  requestId,
  channel: 'web-form',
  sender: { account: 'acme', email: 'claire@acme.example' },
  summary: 'Disk noise',
  body: 'SRV-2 makes a noise',
  serialNumber: 'SRV-2',
  service: 'on-site-repair',
  ...fields,
});

async function autoAccepting() {
  return autoAccepting_();
}

async function autoAccepting_(options: Parameters<typeof serviceCompany>[0] = {}) {
  const company = await serviceCompany(options);
  await company.run('SetInboxes', { mode: 'shared', autoAccept: ['web-form'] });
  return company;
}

describe('a request resent with the same command id (issue 14, item 1)', () => {
  it('given a web-form request left waiting (not covered), when coverage is added and it is resent, then nothing is written and it still waits', async () => {
    const { callstream, run } = await autoAccepting();
    const request = webForm('r-wait');
    const first = await callstream.executeJson(request);
    expect(first).toMatchObject({ duplicate: false, state: { status: 'waiting' } });
    expect(first).not.toHaveProperty('call');
    await run('AddCoverageLine', {
      contractId: 'acme-2026',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-2' },
      share: 100,
    });
    const head = await callstream.store.headPosition();
    const again = await callstream.executeJson(request);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await callstream.store.headPosition()).toBe(head);
    expect(callstream.board()).toEqual([]);
    expect(callstream.inbox().map((entry) => entry.requestId)).toEqual(['r-wait']);
  });

  it('given a request received after the instant it is recorded at, then it is refused (ReceivedInFuture) and nothing is written', async () => {
    const { callstream } = await autoAccepting();
    const head = await callstream.store.headPosition();
    const error = await callstream
      .executeJson(webForm('r-later', { receivedAt: '2027-06-01T09:00:00Z' }))
      .catch((e: unknown) => e as { code: string; message: string });
    expect(error).toMatchObject({ code: 'ReceivedInFuture' });
    expect(await callstream.store.headPosition()).toBe(head);
    expect(callstream.inbox()).toEqual([]);
    // Staff and systems record what arrived earlier (a customer may not: BackdatedByCustomer).
    const onTime = await callstream.executeJson(
      webForm('r-earlier', { actor: staff.mail, receivedAt: '2026-11-23T08:30:00Z' }),
    );
    expect(onTime).toMatchObject({ duplicate: false });
  });

  it('given a web-form request left waiting, then the request records why, under its acceptance', async () => {
    const { callstream } = await autoAccepting();
    await callstream.executeJson(webForm('r-why'));
    const events = [];
    for await (const event of callstream.store.readStream('request-r-why')) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['RequestReceived', 'RequestLeftWaiting']);
    expect(events[1]!.data).toMatchObject({ code: 'ChargeableWorkNotConfirmed', by: 'intake' });
  });

  it('given a web-form submission killed after the request was recorded, before its automatic acceptance, when resent, then the acceptance is finished as one uninterrupted execution does it', async () => {
    const store = new KilledBeforeAcceptance();
    const { callstream } = await autoAccepting_({ store });
    const request = webForm('r-killed', {
      serialNumber: 'SRV-1',
      service: 'remote-support',
      body: 'SRV-1 backup failed',
    });
    store.armed = true;
    await expect(callstream.executeJson(request)).rejects.toThrow('killed');
    expect(callstream.board()).toEqual([]);
    const resent = await submit(callstream, request);
    expect(resent).toMatchObject({ duplicate: true, call: { duplicate: false } });
    expect(callstream.board().map((row) => row.number)).toEqual([resent.call!.number]);
    expect(await submit(callstream, request)).toMatchObject({
      duplicate: true,
      call: { number: resent.call!.number, duplicate: true },
    });

    const whole = await autoAccepting_();
    await whole.callstream.executeJson(request);
    const view = async (c: typeof callstream) => {
      const events = [];
      for await (const e of c.store.readAll())
        events.push({
          type: e.type,
          stream: e.streamName,
          revision: e.revision,
          data: e.data,
          metadata: e.metadata,
        });
      // The company's set-up has random command ids: from the request on, everything derives from its command.
      return events.slice(events.findIndex((e) => e.stream === 'request-r-killed'));
    };
    expect(await view(callstream)).toEqual(await view(whole.callstream));
  });

  it('given a web-form request accepted at once, when resent, then it answers with the same call and logs none', async () => {
    const { callstream } = await autoAccepting();
    const request = webForm('r-ok', {
      serialNumber: 'SRV-1',
      service: 'remote-support',
      body: 'SRV-1 backup failed',
    });
    const first = await submit(callstream, request);
    const again = await submit(callstream, request);
    expect(again).toMatchObject({
      duplicate: true,
      call: { number: first.call!.number, duplicate: true },
    });
    expect(callstream.board()).toHaveLength(1);
  });
});

describe('read-your-writes in inline mode, processes included (issue 14, item 4)', () => {
  it('given web-form auto-acceptance, when a covered request is submitted, then the inbox and the call summary show the call at once', async () => {
    const { callstream } = await autoAccepting();
    const result = await submit(
      callstream,
      webForm('r-covered', { serialNumber: 'SRV-1', service: 'remote-support' }),
    );
    expect(result.call).toBeDefined();
    expect(callstream.inbox({ status: 'accepted' }).map((entry) => entry.requestId)).toEqual([
      'r-covered',
    ]);
    expect(callstream.inbox()).toEqual([]);
    expect(await callstream.summary(result.call!.number)).toMatchObject({
      number: result.call!.number,
      status: 'Registered',
    });
    expect(callstream.board().map((row) => row.number)).toEqual([result.call!.number]);
  });

  it('given web-form auto-acceptance, when a request from a customer without a contract is submitted, then the inbox shows the refusal at once', async () => {
    const { callstream } = await autoAccepting();
    const result = await submit(
      callstream,
      webForm('r-refused', {
        actor: { id: 'it', role: 'customer', customerId: 'globex' },
        sender: { email: 'it@globex.example' },
      }),
    );
    expect(result.refusal).toMatchObject({ reason: 'no-active-contract' });
    expect(callstream.inbox({ status: 'refused' }).map((entry) => entry.requestId)).toEqual([
      'r-refused',
    ]);
  });
});

describe('a portal customer submits requests as themselves only (issue 14, item 15)', () => {
  it.each([
    ['another customer’s account', { account: 'globex' }],
    ['another customer’s e-mail', { email: 'it@globex.example' }],
    [
      'their e-mail with another customer’s account',
      { email: 'claire@acme.example', account: 'initech' },
    ],
  ])('refuses a submission naming %s, and writes nothing', async (_, sender) => {
    const { callstream } = await autoAccepting();
    const head = await callstream.store.headPosition();
    const error = await callstream
      .executeJson(webForm('r-other', { sender, serialNumber: 'SRV-1', service: 'remote-support' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NotYourAccount' });
    expect(await callstream.store.headPosition()).toBe(head);
    expect(callstream.board()).toEqual([]);
  });

  it('refuses a customer actor that speaks for no customer', async () => {
    const { callstream } = await autoAccepting();
    const error = await callstream
      .executeJson(webForm('r-none', { actor: { id: 'anon', role: 'customer' } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NotYourAccount' });
  });

  it('given a submission with only a name, when it is accepted at once, then the call is the portal customer’s', async () => {
    const { callstream } = await autoAccepting();
    const result = (await callstream.executeJson(
      webForm('r-own', {
        sender: { name: 'Claire Martin' },
        serialNumber: 'SRV-1',
        service: 'remote-support',
      }),
    )) as AggregateResult;
    expect(result.state).toMatchObject({ customerId: 'acme' });
    expect(result.call?.state.subject).toMatchObject({ kind: 'customer', customerId: 'acme' });
  });

  it('takes the customer’s own account identifier (B1), not another customer’s', async () => {
    const { callstream, run } = await autoAccepting();
    await run('AddIdentifier', {
      customerId: 'acme',
      identifier: { kind: 'account', value: 'ACME-0042' },
    });
    await run('AddIdentifier', {
      customerId: 'globex',
      identifier: { kind: 'account', value: 'GLX-7' },
    });
    const own = (await callstream.executeJson(
      webForm('r-account', { sender: { account: 'ACME-0042' } }),
    )) as AggregateResult;
    expect(own.state).toMatchObject({ customerId: 'acme' });
    const other = await callstream
      .executeJson(webForm('r-glx', { sender: { account: 'GLX-7' } }))
      .catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'NotYourAccount' });
  });

  it('lets staff and systems submit for any sender, recognised by the validation as before', async () => {
    const { callstream } = await autoAccepting();
    const result = (await callstream.executeJson(
      webForm('r-mail', {
        actor: staff.mail,
        channel: 'email',
        sender: { email: 'claire@acme.example' },
      }),
    )) as AggregateResult;
    expect(result.state).not.toHaveProperty('customerId');
  });
});

describe('a portal customer cannot choose the day they are validated on (B2, B3)', () => {
  it('refuses a submission or a call dated before it is sent, and writes nothing', async () => {
    const { callstream, run } = await autoAccepting();
    await run('PlaceBlock', {
      customerId: 'acme',
      reason: 'non-payment',
      from: '2026-11-20',
    });
    const head = await callstream.store.headPosition();
    // Dated before the block, it would be judged on a day the customer was not blocked.
    const backdated = await callstream
      .executeJson(
        webForm('r-early', {
          serialNumber: 'SRV-1',
          service: 'remote-support',
          receivedAt: '2026-11-02T09:00:00Z',
        }),
      )
      .catch((e: unknown) => e);
    expect(backdated).toMatchObject({ code: 'BackdatedByCustomer' });
    const logged = await callstream
      .executeJson({
        type: 'LogCall',
        commandId: uuid(),
        actor: staff.carl,
        at: '2026-11-23T09:00:00Z',
        reportedAt: '2026-11-02T09:00:00Z',
        intake: { mode: 'electronic', channel: 'web-form' },
        subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
        description: 'Server does not boot',
        service: 'remote-support',
      })
      .catch((e: unknown) => e);
    expect(logged).toMatchObject({ code: 'BackdatedByCustomer' });
    expect(await callstream.store.headPosition()).toBe(head);
    // Dated when it is sent, it is judged on that day: the block refuses it.
    const onTime = await submit(
      callstream,
      webForm('r-now', {
        serialNumber: 'SRV-1',
        service: 'remote-support',
        receivedAt: '2026-11-23T09:00:00Z',
      }),
    );
    expect(onTime.refusal).toMatchObject({ reason: 'blocked' });
  });
});
