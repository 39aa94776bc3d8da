import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { DomainError } from '../../src/domain/index.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { accept, serviceCompany, submit } from '../support/company.js';
import { derivedId } from '../../src/streams/index.js';
import { command, staff } from '../support/pipeline.js';

const NOV23 = '2026-11-23T09:00:00Z';

describe('requests through the inbox, validated (A6, B1–B4)', () => {
  it('accepts a request from a known sender into a call with its coverage and contract', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'r1', NOV23, {
      sender: { email: 'Claire@ACME.example', name: 'Claire Martin' },
      service: 'remote-support',
      serialNumber: 'SRV-1',
    });
    expect(callstream.inbox().map((e) => [e.requestId, e.status, e.inbox])).toEqual([
      ['r1', 'waiting', 'shared'],
    ]);
    const accepted = await accept(callstream, 'r1', '2026-11-23T09:10:00Z');
    expect(accepted.call!.state).toMatchObject({
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
      contractId: 'acme-2026',
      coverage: {
        verdict: 'covered',
        rule: 'serial-number',
        contractId: 'acme-2026',
        share: 100,
        day: '2026-11-23',
      },
      reporter: { email: 'Claire@ACME.example', name: 'Claire Martin' },
      reportedAt: new Date(NOV23),
    });
    expect(callstream.inbox()).toEqual([]);
    expect(callstream.inbox({ status: 'accepted' })[0]).toMatchObject({
      requestId: 'r1',
      callNumber: accepted.call!.number,
    });
  });

  it('refuses, records and keeps waiting: unknown customer, then declined', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'r2', NOV23, { sender: { email: 'stranger@nowhere.example' } });
    const refused = await accept(callstream, 'r2', '2026-11-23T09:05:00Z');
    expect(refused.refusal).toMatchObject({ reason: 'unknown-customer' });
    expect(refused.call).toBeUndefined();
    expect(callstream.inbox()).toMatchObject([
      { requestId: 'r2', status: 'refused', refusal: { reason: 'unknown-customer' } },
    ]);
    await callstream.execute({
      type: 'DeclineRequest',
      commandId: uuid(),
      actor: staff.ann,
      requestId: 'r2',
      reason: 'Not a customer',
    });
    expect(callstream.inbox()).toEqual([]);
    expect(callstream.inbox({ status: 'declined' })).toMatchObject([
      { requestId: 'r2', declined: 'Not a customer' },
    ]);
  });

  it('refuses a blocked customer with the block, and accepts once the block was released the day before', async () => {
    const { callstream, run } = await serviceCompany();
    await run('PlaceBlock', {
      customerId: 'acme',
      blockId: 'B-PAY',
      reason: 'non-payment',
      note: 'October invoice unpaid',
      from: '2026-11-01',
    });
    await submit(callstream, 'r3', NOV23, {
      sender: { phone: '+33155000001' },
      serialNumber: 'SRV-1',
    });
    const refused = await accept(callstream, 'r3', '2026-11-23T09:05:00Z');
    expect(refused.refusal).toMatchObject({
      reason: 'blocked',
      details: { blockId: 'B-PAY', reason: 'non-payment' },
    });
    expect(refused.refusal!.message).toMatch(/B-PAY \(non-payment\)/);
    await run('ReleaseBlock', { customerId: 'acme', blockId: 'B-PAY', until: '2026-11-22' });
    const accepted = await accept(callstream, 'r3', '2026-11-23T10:00:00Z');
    expect(accepted.call!.state.coverage).toMatchObject({ verdict: 'covered' });
  });

  it('judges contracts on the request day: starting that day counts, ending that day counts, the day after does not', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'starts', '2026-11-24T09:00:00Z', {
      sender: { email: 'it@globex.example' },
    });
    expect(
      (await accept(callstream, 'starts', '2026-11-24T09:05:00Z', { chargeable: true })).call!.state
        .contractId,
    ).toBe('globex-1');
    await submit(callstream, 'ends', '2026-11-23T22:00:00Z', {
      sender: { email: 'bill@initech.example' },
    });
    expect(
      (await accept(callstream, 'ends', '2026-11-24T08:00:00Z', { chargeable: true })).call!.state
        .contractId,
    ).toBe('initech-1');
    await submit(callstream, 'after', '2026-11-24T00:30:00Z', {
      sender: { email: 'bill@initech.example' },
    });
    expect(
      (await accept(callstream, 'after', '2026-11-24T08:00:00Z', { chargeable: true })).refusal,
    ).toMatchObject({ reason: 'no-active-contract' });
    await submit(callstream, 'before', '2026-11-23T12:00:00Z', {
      sender: { email: 'it@globex.example' },
    });
    expect((await accept(callstream, 'before', '2026-11-24T08:00:00Z')).refusal).toMatchObject({
      reason: 'no-active-contract',
    });
  });

  it('takes uncovered and partly covered work only as explicitly chargeable work (issue 14, item 11), and records partly covered work as such', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'srv2', NOV23, {
      sender: { email: 'claire@acme.example' },
      service: 'remote-support',
      serialNumber: 'SRV-2',
    });
    await expect(accept(callstream, 'srv2', '2026-11-23T09:05:00Z')).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
    });
    const chargeable = await accept(callstream, 'srv2', '2026-11-23T09:06:00Z', {
      chargeable: true,
    });
    expect(chargeable.call!.state.coverage).toMatchObject({
      verdict: 'not-covered',
      chargeable: true,
      contractId: 'acme-2026',
    });
    // After its move to Rome, SRV-2 is covered by the Rome site line, at 50 %.
    await submit(callstream, 'srv2-rome', '2026-11-25T09:00:00Z', {
      sender: { email: 'claire@acme.example' },
      service: 'remote-support',
      serialNumber: 'SRV-2',
    });
    const unconfirmed = await accept(callstream, 'srv2-rome', '2026-11-25T09:05:00Z').catch(
      (e: unknown) => e,
    );
    expect(unconfirmed).toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      message: expect.stringContaining('remaining 50% is chargeable'),
    });
    const moved = await accept(callstream, 'srv2-rome', '2026-11-25T09:06:00Z', {
      chargeable: true,
    });
    expect(moved.call!.state.coverage).toMatchObject({
      verdict: 'partly-covered',
      rule: 'site',
      share: 50,
      siteId: 'rome',
      chargeable: true,
    });
    expect(moved.call!.state.subject).toMatchObject({ siteId: 'rome' });
  });

  it('counts warranty on the serial number first', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'lap', NOV23, {
      sender: { email: 'claire@acme.example' },
      service: 'depot-repair',
      serialNumber: 'LAP-1',
    });
    expect(
      (await accept(callstream, 'lap', '2026-11-23T09:05:00Z')).call!.state.coverage,
    ).toMatchObject({ verdict: 'covered', rule: 'warranty', warrantyUntil: '2027-06-30' });
  });

  it('keeps the recorded verdict when contracts change later: replay gives the same call', async () => {
    const { callstream, run } = await serviceCompany();
    await submit(callstream, 'r', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const { call } = await accept(callstream, 'r', '2026-11-23T09:05:00Z');
    await run('TerminateContract', {
      contractId: 'acme-2026',
      until: '2026-11-30',
      reason: 'Customer moved to a competitor',
    });
    await run('EndCoverageLine', { contractId: 'acme-2026', lineId: 'L1', until: '2026-11-23' });
    const replayed = await callstream.call(call!.number);
    expect(replayed.coverage).toEqual(call!.state.coverage);
    expect((await callstream.verify()).differences).toEqual([]);
  });

  it('skips customer validation for generalist calls about a product (A9)', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'tv', NOV23, {
      sender: { email: 'viewer@somewhere.example' },
      product: { productId: 'tv-55', category: 'pre-sales' },
    });
    const { call } = await accept(callstream, 'tv', '2026-11-23T09:05:00Z');
    expect(call!.state.subject).toEqual({
      kind: 'product',
      productId: 'tv-55',
      category: 'pre-sales',
    });
    expect(call!.state.coverage).toBeUndefined();
  });

  it('refuses a customer or site named on accepting a generalist request, which would be dropped (A9)', async () => {
    // Given a pre-sales question about tv-55 from someone callstream does not know
    const { callstream } = await serviceCompany();
    await submit(callstream, 'tv', NOV23, {
      sender: { email: 'viewer@somewhere.example' },
      product: { productId: 'tv-55', category: 'pre-sales' },
    });
    const head = await callstream.store.headPosition();
    // When Ann accepts it naming acme, or acme's paris site
    // Then it is refused, saying the call is the product's, and nothing is written
    await expect(
      accept(callstream, 'tv', '2026-11-23T09:05:00Z', { customerId: 'acme' }),
    ).rejects.toMatchObject({
      code: 'CustomerOnProductRequest',
      message: expect.stringMatching(
        /Request tv is about product tv-55 \(pre-sales\).*customer acme would be ignored/,
      ),
      details: { requestId: 'tv', productId: 'tv-55', customer: 'acme' },
    });
    await expect(
      accept(callstream, 'tv', '2026-11-23T09:05:00Z', { siteId: 'paris' }),
    ).rejects.toMatchObject({ code: 'CustomerOnProductRequest', details: { site: 'paris' } });
    expect(await callstream.store.headPosition()).toBe(head);
  });

  it('puts requests in one inbox per channel when so configured, and accepts electronic intake at once', async () => {
    const { callstream, run } = await serviceCompany();
    await run('SetInboxes', { mode: 'per-channel', autoAccept: ['email'] });
    const mail = await submit(callstream, 'm1', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    expect(mail.call!.state).toMatchObject({
      intake: { mode: 'electronic', channel: 'email' },
      coverage: { verdict: 'covered' },
    });
    await submit(callstream, 'w1', NOV23, {
      channel: 'whatsapp',
      sender: { phone: '+33 1 55 00 00 01' },
    });
    expect(callstream.inbox({ inbox: 'whatsapp' }).map((e) => e.requestId)).toEqual(['w1']);
    expect(callstream.inbox({ inbox: 'email' })).toEqual([]);
  });

  it('refuses a call logged directly for an unknown or blocked customer, and keeps the refused request', async () => {
    const { callstream } = await serviceCompany();
    const logCall = command({
      type: 'LogCall',
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Carl' },
      subject: { kind: 'customer', customerId: 'nobody' },
      description: 'Help',
      at: NOV23,
    });
    const error = await callstream.execute(logCall).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toMatchObject({ reason: 'unknown-customer' });
    expect(callstream.inbox()).toMatchObject([
      {
        requestId: (error as DomainError).details.requestId,
        status: 'refused',
        channel: 'phone',
        summary: 'Help',
      },
    ]);
  });

  it('refuses a LogCall wrong in itself for what is wrong with it, before any customer validation, and keeps no refused request', async () => {
    const { callstream } = await serviceCompany();
    const head = await callstream.store.headPosition();
    const unknownCustomer = {
      type: 'LogCall' as const,
      intake: { mode: 'knowledgeable' as const, channel: 'phone' as const },
      reporter: { name: 'Carl' },
      subject: { kind: 'customer' as const, customerId: 'nobody' },
      description: 'Help',
      at: NOV23,
    };
    for (const [wrong, code] of [
      [{ ...unknownCustomer, reportedAt: '2026-11-23T10:00:00Z' }, 'ReportedInFuture'],
      [{ ...unknownCustomer, actor: staff.rita }, 'IntakeModeMismatch'],
    ] as const) {
      const error = await callstream.execute(command(wrong as never)).catch((e: unknown) => e);
      expect((error as DomainError).code).toBe(code);
    }
    expect(await callstream.store.headPosition()).toBe(head);
    expect(callstream.inbox({ status: 'refused' })).toEqual([]);
  });

  it('refuses a repeated refused LogCall as before, without a second refused request', async () => {
    const { callstream } = await serviceCompany();
    const logCall = command({
      type: 'LogCall',
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Carl' },
      subject: { kind: 'customer', customerId: 'nobody' },
      description: 'Help',
      at: NOV23,
    });
    const first = (await callstream.execute(logCall).catch((e: unknown) => e)) as DomainError;
    const again = (await callstream.execute(logCall).catch((e: unknown) => e)) as DomainError;
    expect(again).toBeInstanceOf(DomainError);
    expect(again.code).toBe('RequestRefused');
    expect(again.details).toMatchObject({
      requestId: first.details.requestId,
      reason: 'unknown-customer',
    });
    expect(callstream.inbox({ status: 'refused' })).toHaveLength(1);
  });

  it('keeps a refused LogCall as a request that can be accepted once the cause is gone: its customer, site, item, service and files as logged', async () => {
    const { callstream, run } = await serviceCompany();
    await run('PlaceBlock', {
      customerId: 'acme',
      blockId: 'B-PAY',
      reason: 'non-payment',
      from: '2026-11-20',
    });
    const photo = {
      uri: 'https://files.example/pc.jpg',
      mediaType: 'image/jpeg',
      size: 1000,
      sha256: 'a'.repeat(64),
      fileName: 'pc.jpg',
    };
    const refused = (await callstream
      .execute(
        command({
          type: 'LogCall',
          intake: { mode: 'knowledgeable', channel: 'phone' },
          reporter: { name: 'Claire' },
          subject: { kind: 'customer', customerId: 'acme', siteId: 'rome' },
          item: { item: 'pc' },
          service: 'on-site-repair',
          description: 'The PC does not start',
          attachments: [photo],
          at: NOV23,
        }),
      )
      .catch((e: unknown) => e)) as DomainError;
    expect(refused.details).toMatchObject({ reason: 'blocked' });
    await run('ReleaseBlock', { customerId: 'acme', blockId: 'B-PAY', until: '2026-11-22' });

    const { call, refusal } = await accept(
      callstream,
      refused.details.requestId as string,
      '2026-11-23T10:00:00Z',
      { chargeable: true },
    );
    expect(refusal).toBeUndefined();
    expect(call!.state).toMatchObject({
      subject: { kind: 'customer', customerId: 'acme', siteId: 'rome' },
      item: { item: 'pc' },
      coverage: { service: 'on-site-repair', siteId: 'rome', item: 'pc', verdict: 'not-covered' },
    });
    expect(Object.values(call!.state.attachments ?? {})).toMatchObject([
      { uri: photo.uri, sha256: photo.sha256 },
    ]);
  });

  it('returns the call again when the same acceptance is repeated', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'r1', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const acceptance = {
      type: 'AcceptRequest',
      commandId: uuid(),
      actor: staff.ann,
      at: '2026-11-23T09:10:00Z',
      requestId: 'r1',
    };
    const first = (await callstream.executeJson(acceptance)) as Awaited<ReturnType<typeof accept>>;
    const again = (await callstream.executeJson(acceptance)) as Awaited<ReturnType<typeof accept>>;
    expect(again.duplicate).toBe(true);
    expect(again.call).toMatchObject({
      callId: first.call!.callId,
      number: first.call!.number,
      duplicate: true,
    });
  });

  it('completes an acceptance that stopped after logging its call: the next acceptance links that call, and logs no other', async () => {
    const { callstream } = await serviceCompany();
    await submit(callstream, 'r1', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    // The call an interrupted acceptance logged: same call id, same LogCall command id.
    const orphan = await callstream.execute(
      command({
        type: 'LogCall',
        commandId: derivedId('r1', 'log-call'),
        callId: derivedId('r1', 'call'),
        intake: { mode: 'knowledgeable', channel: 'email' },
        subject: { kind: 'customer', customerId: 'acme' },
        item: { serialNumber: 'SRV-1' },
        description: 'Server down',
        at: '2026-11-23T09:10:00Z',
      }),
    );
    const accepted = await accept(callstream, 'r1', '2026-11-23T09:20:00Z');
    expect(accepted.call).toMatchObject({ callId: orphan.callId, number: orphan.number });
    expect(callstream.inbox({ status: 'accepted' })).toMatchObject([
      { requestId: 'r1', callNumber: orphan.number },
    ]);
    expect(callstream.board().map((row) => row.number)).toEqual([orphan.number]);
  });
});

describe('after logging: blocks, contract attribution, service levels by contract (B2, C4)', () => {
  async function loggedCall() {
    const company = await serviceCompany();
    await submit(company.callstream, 'r', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const { call } = await accept(company.callstream, 'r', '2026-11-23T09:05:00Z');
    return { ...company, call: call! };
  }

  it('stops the work while a block placed later is in force, shows its reason, and lets it go on once released', async () => {
    const { callstream, run, call } = await loggedCall();
    await run('PlaceBlock', {
      customerId: 'acme',
      blockId: 'B-DOC',
      reason: 'missing-documents',
      note: 'Signed contract missing',
      from: '2026-11-24',
    });
    const stopped = await callstream
      .execute(
        command({
          type: 'StartWork',
          actor: staff.eve,
          call: call.number,
          at: '2026-11-24T09:00:00Z',
        }),
      )
      .catch((e: unknown) => e);
    expect(stopped).toMatchObject({
      code: 'CustomerBlocked',
      details: { blockId: 'B-DOC', reason: 'missing-documents' },
    });
    expect((stopped as DomainError).message).toMatch(/Signed contract missing/);
    await callstream.execute(
      command({
        type: 'AddFollowUp',
        actor: staff.ann,
        call: call.number,
        text: 'We will continue once the documents arrive',
        at: '2026-11-24T09:01:00Z',
      }),
    );
    await run('ReleaseBlock', { customerId: 'acme', blockId: 'B-DOC', until: '2026-11-24' });
    const started = await callstream.execute(
      command({
        type: 'StartWork',
        actor: staff.eve,
        call: call.number,
        at: '2026-11-25T09:00:00Z',
      }),
    );
    expect(started.state.status).toBe('InProcess');
  });

  it('charges the call to another valid contract of the same customer, with the reason', async () => {
    const { callstream, run, call } = await loggedCall();
    await run('RegisterContract', {
      contractId: 'acme-support',
      customerId: 'acme',
      from: '2026-06-01',
      until: '2027-05-31',
    });
    const changed = await callstream.execute(
      command({
        type: 'ChangeContract',
        call: call.number,
        contractId: 'acme-support',
        reason: 'Software support contract',
        // acme-support covers nothing of SRV-1: the customer pays the work from now on (B4).
        chargeable: true,
        at: '2026-11-23T10:00:00Z',
      }),
    );
    expect(changed.state.contractId).toBe('acme-support');
    expect(changed.state.coverage).toMatchObject({
      verdict: 'not-covered',
      contractId: 'acme-support',
    });
    expect(changed.events[0]!.data).toMatchObject({ previous: 'acme-2026' });
    await expect(
      callstream.execute(
        command({
          type: 'ChangeContract',
          call: call.number,
          contractId: 'globex-1',
          reason: 'x',
          at: '2026-11-25T10:00:00Z',
        }),
      ),
    ).rejects.toMatchObject({ code: 'ContractNotFound' });
  });

  it('counts by the contract’s own service levels when the contract names them', async () => {
    const { callstream, run } = await serviceCompany();
    await run('PublishServiceLevels', {
      ruleSetId: 'gold',
      effectiveFrom: '2026-01-01T00:00:00Z',
      rules: {
        name: 'Gold',
        calendars: { all: { kind: 'always-open', id: 'all' } },
        defaultPriority: 3,
        priorities: { 3: { responseMinutes: 15, resolutionMinutes: 120, calendar: 'all' } },
      },
    });
    await run('RegisterContract', {
      contractId: 'globex-gold',
      customerId: 'globex',
      from: '2026-01-01',
      until: '2026-12-31',
      serviceLevelPolicyId: 'gold',
    });
    await submit(callstream, 'g', NOV23, { sender: { email: 'it@globex.example' } });
    const { call } = await accept(callstream, 'g', '2026-11-23T09:05:00Z', { chargeable: true });
    expect(call!.state.serviceLevel).toMatchObject({
      ruleSetId: 'gold',
      source: 'contract',
      responseAllowedMs: 15 * 60_000,
    });
  });

  it('rates by the customer’s and the installation’s factors, and counts by the customer’s own service levels when the contract names none', async () => {
    const { callstream, run } = await serviceCompany();
    await run('PublishServiceLevels', {
      ruleSetId: 'acme-sla',
      effectiveFrom: '2026-01-01T00:00:00Z',
      rules: {
        name: 'Acme',
        calendars: { all: { kind: 'always-open', id: 'all' } },
        defaultPriority: 3,
        priorities: { 3: { responseMinutes: 60, resolutionMinutes: 480, calendar: 'all' } },
      },
    });
    await run('SetCustomerServiceLevels', { customerId: 'acme', ruleSetId: 'acme-sla' });
    await run('SetCustomerPriorityFactor', { customerId: 'acme', factor: 0.5 });
    await run('SetEquipmentPriorityFactor', { serialNumber: 'SRV-1', factor: 0.8 });
    await submit(callstream, 'f', NOV23, {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
    });
    const { call } = await accept(callstream, 'f', '2026-11-23T09:05:00Z');
    expect(call!.state.serviceLevel).toMatchObject({
      ruleSetId: 'acme-sla',
      source: 'customer',
      factors: { customer: 0.5, equipment: 0.8 },
      actualPriority: 1.2,
      responseAllowedMs: 0.4 * 3_600_000,
    });
  });
});

describe('validation against master data as recorded, whoever recorded it', () => {
  it('sees customers and contracts recorded before the request even when projections run only on demand', async () => {
    const { callstream } = await serviceCompany({ projectionMode: 'manual' });
    await submit(callstream, 'r-manual', NOV23, {
      sender: { email: 'claire@acme.example' },
      service: 'remote-support',
      serialNumber: 'SRV-1',
    });
    const accepted = await accept(callstream, 'r-manual', '2026-11-23T09:10:00Z');
    expect(accepted.refusal).toBeUndefined();
    expect(accepted.call!.state.coverage).toMatchObject({
      verdict: 'covered',
      contractId: 'acme-2026',
    });
  });

  it('sees what another writer on the same store recorded, with read models of its own', async () => {
    const { callstream: office } = await serviceCompany();
    const desk = await Callstream.open({
      store: office.store,
      readModels: new MemoryReadModelStore(),
    });
    // The desk's read models are current as of its own last write: the request. The customer comes after.
    await submit(desk, 'r-desk', NOV23, { sender: { email: 'it@umbrella.example' } });
    await office.execute({
      type: 'RegisterCustomer',
      commandId: uuid(),
      actor: staff.sam,
      at: '2026-11-23T08:00:00Z',
      customerId: 'umbrella',
      name: 'Umbrella',
    });
    await office.execute({
      type: 'AddIdentifier',
      commandId: uuid(),
      actor: staff.sam,
      at: '2026-11-23T08:00:00Z',
      customerId: 'umbrella',
      identifier: { kind: 'email', value: 'it@umbrella.example' },
    });
    await office.execute({
      type: 'RegisterContract',
      commandId: uuid(),
      actor: staff.sam,
      at: '2026-11-23T08:00:00Z',
      contractId: 'umbrella-1',
      customerId: 'umbrella',
      from: '2026-11-01',
      until: '2027-10-31',
    });
    const accepted = await accept(desk, 'r-desk', '2026-11-23T09:10:00Z', { chargeable: true });
    expect(accepted.refusal).toBeUndefined();
    expect(accepted.call!.state.contractId).toBe('umbrella-1');
  });
});
