import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { Notification } from '../../src/commands/outbox.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { Actor } from '../../src/domain/index.js';
import { fireProtection, sam } from '../support/fire-protection.js';

const ann: Actor = { id: 'ann', role: 'agent', name: 'Ann Agent' };

const END_OF_2026 = new Date('2026-12-31T23:59:59Z');

describe('the planner: maintenance plans become calls, through the same validation (E1, E3)', () => {
  it('creates a fire extinguisher plan’s calls over a year: the right number, on the right days, covered', async () => {
    const { callstream } = await fireProtection();
    const report = await callstream.runPlanner(END_OF_2026);
    const days = ['2026-01-15', '2026-04-15', '2026-06-30', '2026-07-15', '2026-10-15'];
    expect(
      report.created.map((o) => `${o.serialNumber} ${o.dueAt.toISOString().slice(0, 10)}`),
    ).toEqual(days.flatMap((d) => [`EXT-1 ${d}`, `EXT-2 ${d}`]));
    expect(report).toMatchObject({
      handled: 10,
      refused: [],
      waiting: [],
      unchanged: 0,
      notes: [],
    });

    const call = await callstream.call(report.created[0]!.call!);
    expect(call).toMatchObject({
      intake: { mode: 'electronic', channel: 'planner' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
      item: { item: 'extinguisher-6kg', serialNumber: 'EXT-1' },
      reportedAt: new Date('2026-01-15T08:00:00Z'),
      coverage: {
        verdict: 'covered',
        service: 'preventive-maintenance',
        rule: 'item',
        contractId: 'acme-2026',
        day: '2026-01-15',
      },
    });
    expect(call.description).toMatch(/Quarterly inspection/);
    expect(call.description).toMatch(/Portable fire extinguishers \(EN 3\) \(fire-extinguishers\)/);
    expect(call.description).toMatch(/Due: 2026-01-15/);
    expect(call.description).toMatch(/Check the seal/);
    // The request keeps plan, task and due day too, in its own inbox.
    expect(callstream.inbox({ inbox: 'planner', status: 'accepted' })).toHaveLength(10);
  });

  it('runs until a later instant without repeating itself, and refuses — and records — what no contract covers any more', async () => {
    const { callstream } = await fireProtection();
    await callstream.runPlanner(new Date('2026-06-30T07:59:59Z'));
    expect(callstream.board()).toHaveLength(4);
    const later = await callstream.runPlanner(new Date('2027-01-31T00:00:00Z'));
    expect(later.created).toHaveLength(6); // 06-30, 07-15 and 10-15 for both
    // The four planned by the first run are not asked for again: the run starts where it stopped.
    expect(later.unchanged).toBe(0);
    // acme's contract ended with 2026: the inspection of 2027-01-15 is refused, with its reason, and waits.
    expect(later.refused.map((o) => [o.serialNumber, o.reason])).toEqual([
      ['EXT-1', 'no-active-contract'],
      ['EXT-2', 'no-active-contract'],
    ]);
    expect(callstream.inbox({ inbox: 'planner' })).toMatchObject([
      { status: 'refused', refusal: { reason: 'no-active-contract' } },
      { status: 'refused', refusal: { reason: 'no-active-contract' } },
    ]);
  });

  it('refuses and records a blocked customer’s planned calls, and leaves them to an agent once the block is gone', async () => {
    const { callstream, run } = await fireProtection();
    await run('PlaceBlock', {
      customerId: 'acme',
      blockId: 'B-PAY',
      reason: 'non-payment',
      note: 'Spring invoices unpaid',
      from: '2026-06-01',
      until: '2026-09-30',
    });
    const report = await callstream.runPlanner(END_OF_2026);
    expect(report.created.map((o) => o.dueAt.toISOString().slice(0, 10))).toEqual([
      '2026-01-15',
      '2026-01-15',
      '2026-04-15',
      '2026-04-15',
      '2026-10-15',
      '2026-10-15',
    ]);
    expect(report.refused).toHaveLength(4);
    expect(report.refused[0]).toMatchObject({
      outcome: 'refused',
      reason: 'blocked',
      serialNumber: 'EXT-1',
      customerId: 'acme',
    });
    expect(report.refused[0]!.message).toMatch(/B-PAY \(non-payment\)/);
    const refused = callstream.inbox({ inbox: 'planner', status: 'refused' });
    expect(refused).toHaveLength(4);
    const yearly = refused.find((request) =>
      request.summary.includes('Yearly service on EXT-1, due on 2026-06-30'),
    );
    expect(yearly).toBeDefined();
    expect(refused.map((request) => request.receivedAt)).toEqual(
      [...refused.map((request) => request.receivedAt)].sort(),
    );

    // Running again records nothing new: the refusals stay as they are, waiting for someone.
    const again = await callstream.runPlanner(END_OF_2026);
    expect(again).toMatchObject({ handled: 0, created: [], refused: [], unchanged: 0 });
    // From the start, every occurrence is found as recorded, nothing recorded twice.
    const whole = await callstream.runPlanner(END_OF_2026, { fromStart: true });
    expect(whole).toMatchObject({ handled: 10, created: [], refused: [], unchanged: 10 });
    // An agent takes one on after all: the request is accepted into a call.
    await run('ReleaseBlock', { customerId: 'acme', blockId: 'B-PAY', until: '2026-06-29' });
    const accepted = await callstream.execute({
      type: 'AcceptRequest',
      commandId: uuid(),
      actor: ann,
      at: '2026-07-01T09:00:00Z',
      requestId: yearly!.requestId,
      customerId: 'acme',
    });
    expect(accepted.call?.state.coverage).toMatchObject({
      verdict: 'covered',
      day: '2026-06-30',
    });
  });

  it('leaves uncovered planned work waiting for an agent, who takes it on as chargeable', async () => {
    const { callstream, run } = await fireProtection();
    await run('RegisterEquipment', {
      serialNumber: 'EXT-9',
      item: 'extinguisher-6kg',
      customerId: 'globex',
      siteId: 'hq',
      from: '2026-03-01',
    });
    const report = await callstream.runPlanner(new Date('2026-04-30T00:00:00Z'));
    expect(report.waiting.map((o) => [o.serialNumber, o.reason])).toEqual([
      ['EXT-9', 'ChargeableWorkNotConfirmed'],
    ]);
    expect(report.created).toHaveLength(4);
    const waiting = callstream.inbox({ inbox: 'planner' });
    expect(waiting).toMatchObject([{ status: 'waiting', sender: { account: 'globex' } }]);
    // Not duplicated by a second run either: the same request is tried again, and still waits.
    expect((await callstream.runPlanner(new Date('2026-04-30T00:00:00Z'))).waiting).toHaveLength(1);
    expect(callstream.inbox({ inbox: 'planner' })).toHaveLength(1);
    const { call } = await callstream.execute({
      type: 'AcceptRequest',
      commandId: uuid(),
      actor: ann,
      requestId: waiting[0]!.requestId,
      customerId: 'globex',
      chargeable: true,
    });
    expect(call?.state.coverage).toMatchObject({ verdict: 'not-covered', chargeable: true });
  });

  it('creates no duplicate whatever the runs: again, at the same time, or from two processes on one store', async () => {
    const { callstream } = await fireProtection();
    const [a, b] = await Promise.all([
      callstream.runPlanner(END_OF_2026),
      callstream.runPlanner(END_OF_2026),
    ]);
    expect(a.created.length + b.created.length).toBe(10);
    expect(a.handled).toBe(10);
    expect(b.handled).toBe(10);
    expect(callstream.board()).toHaveLength(10);
    expect((await callstream.runPlanner(END_OF_2026)).created).toEqual([]);

    const store = new MemoryEventStore();
    const first = await fireProtection({ store });
    const second = await Callstream.open({ store });
    const [x, y] = await Promise.all([
      first.callstream.runPlanner(END_OF_2026),
      second.runPlanner(END_OF_2026),
    ]);
    // Each run made sure of every call; exactly one of two racing executions says it created one (issue 14, item 3).
    expect(x.handled + y.handled).toBe(20);
    expect(x.created.length + y.created.length).toBe(10);
    await first.callstream.catchUp();
    expect(first.callstream.board()).toHaveLength(10);
    expect(
      first.callstream.inbox({ status: ['waiting', 'refused', 'accepted', 'declined'] }),
    ).toHaveLength(10);
    const numbers = first.callstream.board().map((row) => row.number);
    expect(new Set(numbers).size).toBe(10);
    expect((await first.callstream.verify()).differences).toEqual([]);
  });

  it('ends a task and a plan: nothing is due after their last day', async () => {
    const { callstream, run } = await fireProtection();
    await run('RetireMaintenanceTask', {
      planId: 'fire-extinguishers',
      taskId: 'service',
      until: '2026-06-29',
      reason: 'Replaced by the manufacturer’s new schedule',
    });
    await run('EndMaintenancePlan', {
      planId: 'fire-extinguishers',
      until: '2026-09-30',
      reason: 'Extinguishers replaced',
    });
    const report = await callstream.runPlanner(END_OF_2026);
    expect([...new Set(report.created.map((o) => o.dueAt.toISOString().slice(0, 10)))]).toEqual([
      '2026-01-15',
      '2026-04-15',
      '2026-07-15',
    ]);
  });
});

describe('acknowledging planned calls (A7, E3)', () => {
  it('tells the customer’s contact the number of a call no person reported, and skips a customer without one', async () => {
    const received: Notification[] = [];
    const { callstream, run } = await fireProtection({
      notifications: { send: async (notification) => void received.push(notification) },
    });
    await run('AddContact', {
      customerId: 'acme',
      contactId: 'zoe',
      name: 'Zoé Facilities',
      phone: '+33 1 55 00 00 09',
    });
    await run('AddContact', {
      customerId: 'acme',
      contactId: 'anna',
      name: 'Anna Safety',
      email: 'safety@acme.example',
    });
    await run('RegisterEquipment', {
      serialNumber: 'EXT-9',
      item: 'extinguisher-6kg',
      customerId: 'globex',
      siteId: 'hq',
      from: '2025-06-01',
    });
    await run('AddCoverageLine', {
      contractId: 'globex-2026',
      service: 'preventive-maintenance',
      scope: { item: 'extinguisher-6kg' },
      share: 100,
    });
    const report = await callstream.runPlanner(new Date('2026-01-31T23:59:59Z'));
    expect(report.created.map((o) => o.serialNumber)).toEqual(['EXT-1', 'EXT-2', 'EXT-9']);
    expect(await callstream.deliverNotifications()).toMatchObject({ handled: 2, failed: 0 });
    // The first contact by id with an address: anna, by e-mail. Globex has no contact: no message, nothing failed.
    expect(received.map((n) => [n.number, n.channel, n.to])).toEqual([
      [report.created[0]!.call, 'email', 'safety@acme.example'],
      [report.created[1]!.call, 'email', 'safety@acme.example'],
    ]);
    // In acme's language: its first site is in France. The text is the requester's (it quotes
    // the call's description), so it does not name the contact: their name is in toName only.
    expect(received[0]!.text).toMatch(/^Bonjour,/);
    expect(received[0]).toMatchObject({
      toName: 'Anna Safety',
      customerId: 'acme',
      contactId: 'anna',
    });
    expect(
      Object.values((await callstream.call(report.created[0]!.call!)).acknowledgements),
    ).toEqual([expect.objectContaining({ to: 'safety@acme.example' })]);
  });
});

describe('what the planner cannot plan, it says', () => {
  it('notes plans for equipment outside the installed base and usage tasks without their counter', async () => {
    const { callstream, run } = await fireProtection();
    await run('DefineMaintenancePlan', {
      planId: 'pump',
      name: 'Pump',
      scope: { serialNumber: 'PUMP-1' },
      from: '2026-01-01',
      tasks: [{ taskId: 'check', name: 'Check', calendar: { kind: 'yearly', dates: ['03-01'] } }],
    });
    await run('DefineMaintenancePlan', {
      planId: 'ups-hours',
      name: 'UPS hours',
      scope: { serialNumber: 'UPS-1' },
      from: '2026-01-01',
      tasks: [{ taskId: 'fan', name: 'Fan', usage: { meterId: 'hours', every: 8000 } }],
    });
    const report = await callstream.runPlanner(new Date('2026-03-31T00:00:00Z'));
    expect(report.notes.map((n) => [n.planId, n.serialNumber])).toEqual([
      ['pump', 'PUMP-1'],
      ['ups-hours', 'UPS-1'],
    ]);
    expect(report.created).toHaveLength(2); // the extinguishers' January inspections
  });
});

describe('meter readings, thresholds and alarms become calls (E2, E3)', () => {
  const feed: Actor = { id: 'meter-feed', role: 'system' };
  async function withCopier() {
    const company = await fireProtection();
    await company.run('RegisterMeter', {
      serialNumber: 'COP-1',
      meterId: 'copies',
      unit: 'copies',
      kind: 'counter',
    });
    await company.run('SetThreshold', {
      serialNumber: 'COP-1',
      meterId: 'copies',
      thresholdId: 'drum',
      high: 100_000,
      description: 'Drum end of life',
    });
    const read = (value: number, readAt: string, extra: Record<string, unknown> = {}) =>
      company.callstream.execute({
        type: 'RecordReading',
        commandId: uuid(),
        actor: feed,
        at: readAt,
        serialNumber: 'COP-1',
        meterId: 'copies',
        value,
        readAt,
        ...extra,
      });
    return { ...company, read };
  }

  it('makes one call when a copier’s counter reaches its threshold, not one per later reading above it', async () => {
    const { callstream, read } = await withCopier();
    await read(90_000, '2026-03-01T10:00:00Z');
    await read(99_500, '2026-03-08T10:00:00Z');
    const crossing = await read(100_400, '2026-03-15T10:00:00Z');
    expect(crossing.events.map((e) => e.type)).toEqual(['ReadingRecorded', 'ThresholdCrossed']);
    await read(104_000, '2026-03-22T10:00:00Z');
    await read(108_000, '2026-03-29T10:00:00Z');
    const report = await callstream.handleDeviceEvents();
    expect(report.created).toHaveLength(1);
    const call = await callstream.call(report.created[0]!.call!);
    expect(call).toMatchObject({
      intake: { mode: 'electronic', channel: 'meter' },
      item: { serialNumber: 'COP-1', item: 'copier-mx5' },
      reportedAt: new Date('2026-03-15T10:00:00Z'),
      coverage: { verdict: 'covered', service: 'on-site-repair', rule: 'serial-number' },
    });
    expect(call.description).toMatch(/COP-1: 100400 copies reached the high limit 100000/);
    expect(call.description).toMatch(/Drum end of life/);
    expect((await callstream.handleDeviceEvents()).handled).toBe(0);
    expect((await callstream.runPlanner(END_OF_2026)).devices.handled).toBe(0);
  });

  it('never counts a replayed reading twice, refuses a counter going backwards, and records a meter replacement when told', async () => {
    const { callstream, read } = await withCopier();
    await read(99_000, '2026-03-01T10:00:00Z');
    const commandId = uuid();
    const first = await callstream.execute({
      type: 'RecordReading',
      commandId,
      actor: feed,
      at: '2026-03-02T10:00:00Z',
      serialNumber: 'COP-1',
      meterId: 'copies',
      value: 101_000,
    });
    const resent = await callstream.execute({
      type: 'RecordReading',
      commandId,
      actor: feed,
      at: '2026-03-02T10:00:00Z',
      serialNumber: 'COP-1',
      meterId: 'copies',
      value: 101_000,
    });
    expect(resent).toMatchObject({ duplicate: true, revision: first.revision });
    await expect(read(101_000, '2026-03-02T10:00:00Z')).rejects.toMatchObject({
      code: 'ReadingAlreadyRecorded',
    });
    await expect(read(500, '2026-03-09T10:00:00Z')).rejects.toMatchObject({
      code: 'CounterWentBackwards',
    });
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(1);

    // The meter was replaced: the new one starts at 0, the count carries over, and the threshold re-arms.
    const replaced = await read(500, '2026-03-09T10:00:00Z', {
      replacement: { finalValue: 101_200 },
    });
    expect(replaced.events.map((e) => e.type)).toEqual(['ReadingRecorded', 'ThresholdRearmed']);
    expect(replaced.events[0]!.data).toMatchObject({
      value: 500,
      total: 101_700,
      replacement: { finalValue: 101_200, initialValue: 0 },
    });
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(0);
    await read(100_000, '2026-09-09T10:00:00Z');
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(1);
    expect(callstream.board()).toHaveLength(2);
  });

  it('turns usage into planned work: every 20,000 copies, one call per mark reached', async () => {
    const { callstream, run, read } = await withCopier();
    await run('DefineMaintenancePlan', {
      planId: 'mx5',
      name: 'MX-5 copier service',
      scope: { serialNumber: 'COP-1' },
      from: '2026-01-01',
      tasks: [
        { taskId: 'service', name: 'Service kit', usage: { meterId: 'copies', every: 20_000 } },
      ],
    });
    await read(15_000, '2026-02-01T10:00:00Z');
    await read(21_000, '2026-03-01T10:00:00Z'); // mark 20,000
    await read(38_000, '2026-04-01T10:00:00Z');
    await read(61_000, '2026-05-01T10:00:00Z'); // marks 40,000 and 60,000 at once: one call, for 60,000
    const report = await callstream.runPlanner(new Date('2026-05-01T10:00:00Z'));
    const copier = report.created.filter((o) => o.serialNumber === 'COP-1');
    expect(copier.map((o) => o.dueAt.toISOString())).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-05-01T10:00:00.000Z',
    ]);
    const call = await callstream.call(copier[1]!.call!);
    expect(call.description).toMatch(
      /due at 60000 on counter copies \(every 20000; read 61000 on 2026-05-01, 1 earlier mark\(s\) reached by the same reading\)/,
    );
    expect(call.coverage).toMatchObject({ service: 'preventive-maintenance', verdict: 'covered' });
    expect((await callstream.runPlanner(new Date('2026-05-01T10:00:00Z'))).created).toEqual([]);
  });

  const device: Actor = { id: 'ups-gateway', role: 'system' };
  async function withUps() {
    const company = await fireProtection();
    const alarm = (alarmId: string, at: string, extra: Record<string, unknown> = {}) =>
      company.callstream.execute({
        type: 'RaiseAlarm',
        commandId: uuid(),
        actor: device,
        at,
        serialNumber: 'UPS-1',
        alarmId,
        code: 'ON-BATTERY',
        severity: 'critical',
        message: 'Mains lost, running on battery',
        ...extra,
      });
    return { ...company, alarm };
  }

  it('makes one call per alarm episode: an alarm received twice or repeated while open makes no second call', async () => {
    const { callstream, run, alarm } = await withUps();
    const commandId = uuid();
    await alarm('A-1', '2026-02-01T03:00:00Z', { commandId });
    expect((await alarm('A-1', '2026-02-01T03:00:00Z', { commandId })).duplicate).toBe(true);
    await expect(alarm('A-1', '2026-02-01T03:01:00Z')).rejects.toMatchObject({
      code: 'AlarmAlreadyRaised',
    });
    const repeated = await alarm('A-2', '2026-02-01T03:05:00Z');
    expect(repeated.events[0]!.data).toMatchObject({ repeatOf: 'A-1' });
    const report = await callstream.handleDeviceEvents();
    expect(report.created).toHaveLength(1);
    expect(await callstream.call(report.created[0]!.call!)).toMatchObject({
      intake: { channel: 'alarm' },
      coverage: { verdict: 'covered', service: 'remote-support' },
    });
    await run(
      'ClearAlarm',
      { serialNumber: 'UPS-1', alarmId: 'A-1' },
      device,
      '2026-02-01T04:00:00Z',
    );
    await alarm('A-3', '2026-02-03T03:00:00Z');
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(1);
    expect(callstream.board()).toHaveLength(2);
  });

  it('makes no second call for an alarm the gateway delivers after its episode was cleared', async () => {
    const { callstream, run, alarm } = await withUps();
    await alarm('A-1', '2026-02-02T10:00:00Z');
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(1);
    await run(
      'ClearAlarm',
      { serialNumber: 'UPS-1', alarmId: 'A-1', clearedAt: '2026-02-02T10:30:00Z' },
      device,
      '2026-02-02T11:00:00Z',
    );
    const late = await alarm('A-2', '2026-02-02T11:05:00Z', { raisedAt: '2026-02-02T10:15:00Z' });
    expect(late.events[0]!.data).toMatchObject({ repeatOf: 'A-1' });
    expect(await callstream.handleDeviceEvents()).toMatchObject({ handled: 0, created: [] });
    await alarm('A-3', '2026-02-02T12:00:00Z');
    expect((await callstream.handleDeviceEvents()).created).toHaveLength(1);
    expect(callstream.board()).toHaveLength(2);
  });

  describe('an episode whose request made no call: a repeat asks again, under the rules in force then', () => {
    /** Acme blocked from 1 February; `lift` releases the block on the 9th (in force until the 8th). */
    async function blockedInFebruary() {
      const company = await withUps();
      await company.run('PlaceBlock', {
        customerId: 'acme',
        blockId: 'B-PAY',
        reason: 'non-payment',
        from: '2026-02-01',
      });
      const lift = (until = '2026-02-08') =>
        company.run(
          'ReleaseBlock',
          { customerId: 'acme', blockId: 'B-PAY', until },
          sam,
          '2026-02-09T10:00:00Z',
        );
      return { ...company, lift };
    }

    it('refuses each repeat while the customer is blocked, makes the call for the first one after, and joins the rest to it', async () => {
      const { callstream, alarm, lift } = await blockedInFebruary();
      await alarm('A-1', '2026-02-05T03:00:00Z');
      expect((await callstream.handleDeviceEvents()).refused).toMatchObject([
        { reason: 'blocked' },
      ]);
      const stillBlocked = await alarm('A-2', '2026-02-06T03:00:00Z');
      expect(stillBlocked.events[0]!.data).toMatchObject({ repeatOf: 'A-1' });
      expect((await callstream.handleDeviceEvents()).refused).toMatchObject([
        { reason: 'blocked', dueAt: new Date('2026-02-06T03:00:00Z') },
      ]);
      await lift();
      await alarm('A-3', '2026-02-10T03:00:00Z');
      const lifted = await callstream.handleDeviceEvents();
      expect(lifted.created).toHaveLength(1);
      const call = await callstream.call(lifted.created[0]!.call!);
      expect(call).toMatchObject({
        intake: { channel: 'alarm' },
        reportedAt: new Date('2026-02-10T03:00:00Z'),
        coverage: { verdict: 'covered', service: 'remote-support' },
      });
      expect(call.description).toMatch(/Repeats alarm A-1, not cleared/);
      await alarm('A-4', '2026-02-10T03:10:00Z');
      expect(await callstream.handleDeviceEvents()).toMatchObject({ handled: 0, created: [] });
      expect(callstream.board()).toHaveLength(1);
      // Walked again from the start: every request found as recorded, nothing new.
      const whole = await callstream.handleDeviceEvents({ fromStart: true });
      expect(whole).toMatchObject({ handled: 3, created: [], refused: [], unchanged: 3 });
      expect(
        callstream.inbox({ inbox: 'alarm', status: ['refused', 'accepted'] }).map((r) => r.status),
      ).toEqual(['refused', 'refused', 'accepted']);
    });

    it('decides a repeat recorded before the first alarm’s refusal, when the planner runs late', async () => {
      const { callstream, alarm, lift } = await blockedInFebruary();
      await alarm('A-1', '2026-02-05T03:00:00Z');
      await lift();
      await alarm('A-2', '2026-02-10T03:00:00Z');
      const report = await callstream.handleDeviceEvents();
      expect(report.refused).toMatchObject([{ reason: 'blocked' }]);
      expect(report.created).toMatchObject([{ dueAt: new Date('2026-02-10T03:00:00Z') }]);
    });

    it('joins a repeat to a refused request an agent accepted since', async () => {
      const { callstream, alarm, lift } = await blockedInFebruary();
      await alarm('A-1', '2026-02-05T03:00:00Z');
      const [refused] = (await callstream.handleDeviceEvents()).refused;
      await lift('2026-02-04'); // placed in error: the 5th was never blocked

      const accepted = await callstream.execute({
        type: 'AcceptRequest',
        commandId: uuid(),
        actor: ann,
        at: '2026-02-09T11:00:00Z',
        requestId: refused!.requestId,
        customerId: 'acme',
      });
      expect(accepted.state).toMatchObject({ status: 'accepted' });
      await alarm('A-2', '2026-02-10T03:00:00Z');
      expect(await callstream.handleDeviceEvents()).toMatchObject({ handled: 0, created: [] });
      expect(callstream.board()).toHaveLength(1);
    });

    it('joins a repeat to a request waiting for an agent, and asks again once the agent declined it', async () => {
      const { callstream, alarm } = await withUps();
      // No contract covers on-site repair of UPS-1: the system cannot accept it alone.
      const uncovered = { service: 'on-site-repair' };
      await alarm('A-1', '2026-02-05T03:00:00Z', uncovered);
      const first = await callstream.handleDeviceEvents();
      expect(first.waiting).toMatchObject([{ reason: 'ChargeableWorkNotConfirmed' }]);
      await alarm('A-2', '2026-02-05T03:10:00Z', uncovered);
      expect(await callstream.handleDeviceEvents()).toMatchObject({ handled: 0, waiting: [] });
      await callstream.execute({
        type: 'DeclineRequest',
        commandId: uuid(),
        actor: ann,
        at: '2026-02-05T09:00:00Z',
        requestId: first.waiting[0]!.requestId,
        reason: 'Not ours to repair',
      });
      await alarm('A-3', '2026-02-06T03:00:00Z');
      const again = await callstream.handleDeviceEvents();
      expect(again.created).toMatchObject([{ dueAt: new Date('2026-02-06T03:00:00Z') }]);
    });
  });

  it('records an alarm from equipment nobody knows as a refused request, never drops it', async () => {
    const { callstream } = await fireProtection();
    await callstream.execute({
      type: 'RaiseAlarm',
      commandId: uuid(),
      actor: { id: 'gw', role: 'system' },
      at: '2026-02-01T03:00:00Z',
      serialNumber: 'GHOST-1',
      alarmId: 'X',
      code: 'FAULT',
      message: 'Fault',
    });
    const report = await callstream.handleDeviceEvents();
    expect(report.refused).toMatchObject([
      {
        serialNumber: 'GHOST-1',
        reason: 'unknown-customer',
        message: expect.stringMatching(/^Equipment GHOST-1 is not in the installed base/) as string,
      },
    ]);
    expect(callstream.inbox({ inbox: 'alarm' })).toMatchObject([{ status: 'refused' }]);
  });
});
