import { v5 as uuidv5 } from 'uuid';
import type { Actor } from '../../src/domain/index.js';
import { staff } from './pipeline.js';

/**
 * Every command type callstream knows, at least once, in one story that makes each of them
 * succeed: a company's set-up, master data, requests, two calls through their whole lives,
 * billing, planned work and meters. The idempotency properties run over it.
 */
export interface CatalogueEntry {
  readonly command: Record<string, unknown> & { readonly type: string; readonly commandId: string };
  /** The same command id with other content (besides a moved instant or another actor). */
  readonly variant?: Record<string, unknown>;
}

const NAMESPACE = '0b7c0e7e-5d1f-4c43-9a5e-1c5e3c0de001';
const SAM: Actor = staff.sam;
const EVE: Actor = staff.eve;
const ANN: Actor = staff.ann;
const CARL: Actor = staff.carl;
const BILL: Actor = staff.bill;
const MAIL: Actor = staff.mail;
const SYSTEM: Actor = { id: 'device-feed', role: 'system' };

const rules = {
  name: 'Office',
  calendars: { all: { kind: 'always-open', id: 'all' } },
  defaultPriority: 3,
  priorities: {
    3: { responseMinutes: 60, resolutionMinutes: 480, calendar: 'all' },
    2: { responseMinutes: 30, resolutionMinutes: 240, calendar: 'all' },
  },
};

export function commandCatalogue(): CatalogueEntry[] {
  let minute = 0;
  let n = 0;
  const entries: CatalogueEntry[] = [];
  const at = () => new Date(Date.parse('2026-11-23T08:00:00Z') + minute++ * 60_000).toISOString();
  const add = (
    type: string,
    actor: Actor,
    fields: Record<string, unknown>,
    variant?: Record<string, unknown>,
  ) =>
    entries.push({
      command: {
        type,
        commandId: uuidv5(`catalogue-${n++}`, NAMESPACE),
        actor,
        at: at(),
        ...fields,
      },
      ...(variant ? { variant } : {}),
    });
  const onA = (
    type: string,
    fields: Record<string, unknown> = {},
    actor: Actor = EVE,
    variant?: Record<string, unknown>,
  ) => add(type, actor, { call: 'C-000001', ...fields }, variant);

  // The organisation and its rules.
  add(
    'PublishServiceLevels',
    SAM,
    { ruleSetId: 'office', effectiveFrom: '2026-01-01T00:00:00Z', rules },
    { ruleSetId: 'office-2' },
  );
  add('SetDefaultServiceLevels', SAM, { ruleSetId: 'office' }, { ruleSetId: 'other' });
  // Engineers and their agendas (issue 21): eve works office hours; her visits below are booked in her agenda.
  const office = { from: '08:00', to: '17:30' };
  const calendar = {
    kind: 'business-hours',
    id: 'office',
    timeZone: 'UTC',
    workingHours: {
      monday: [office],
      tuesday: [office],
      wednesday: [office],
      thursday: [office],
      friday: [office],
    },
  };
  add(
    'DefineEngineer',
    SAM,
    { engineerId: 'eve', from: '2026-01-01', groups: ['servers-l1'], calendar },
    { groups: ['other'] },
  );
  add('DefineEngineer', SAM, { engineerId: 'old-hand', from: '2020-01-01', calendar });
  add(
    'DefineItem',
    SAM,
    { item: 'server-x', from: '2026-01-01', itemGroup: 'servers' },
    { itemGroup: 'racks' },
  );
  add(
    'RetireEngineer',
    SAM,
    { engineerId: 'old-hand', from: '2026-06-30' },
    { from: '2026-07-01' },
  );
  add(
    'RecordAbsence',
    EVE,
    {
      engineerId: 'eve',
      absenceId: 'leave-1',
      absence: 'leave',
      from: '2026-11-26T08:00:00Z',
      until: '2026-11-26T17:30:00Z',
    },
    { absence: 'training' },
  );
  add(
    'PublishRoutingRules',
    SAM,
    {
      effectiveFrom: '2026-01-01T00:00:00Z',
      rules: [
        {
          ruleId: 'servers',
          when: { itemGroups: ['servers'] },
          then: { kind: 'least-loaded', group: 'servers-l1' },
        },
      ],
    },
    { effectiveFrom: '2026-02-01T00:00:00Z' },
  );
  add('CancelAbsence', EVE, { engineerId: 'eve', absenceId: 'leave-1' }, { absenceId: 'leave-2' });
  add(
    'DefineGroup',
    SAM,
    { groupId: 'servers-l1', name: 'Servers L1', kind: 'work', members: ['eve'] },
    { name: 'Servers, first line' },
  );
  add('DefineGroup', SAM, { groupId: 'old-team', name: 'Old team', kind: 'work' });
  add('RetireGroup', SAM, { groupId: 'old-team' }, { groupId: 'servers-l1' });
  add(
    'DefineSupportCentre',
    SAM,
    { centreId: 'lab', name: 'Lab', line: 'second' },
    { line: 'expert' },
  );
  add(
    'SetDefaultDestination',
    SAM,
    { destination: { kind: 'group', id: 'servers-l1' } },
    { destination: { kind: 'supervisor', id: 'sam' } },
  );
  add('DefinePurpose', SAM, { purposeId: 'repair', name: 'Repair' }, { name: 'Repairs' });
  add('PublishPriceList', BILL, {
    priceListId: 'standard',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: { 'psu-750': 8900 },
      subcontractMarginPercent: 15,
    },
  });
  add(
    'SetBillingPolicy',
    SAM,
    { invoiceOn: 'closing', priceListId: 'standard' },
    { invoiceOn: 'resolution' },
  );
  add('SetInboxes', SAM, { mode: 'shared', autoAccept: ['web-form'] }, { autoAccept: [] });
  add('SetTimeZone', SAM, { timeZone: 'UTC' }, { timeZone: 'Europe/Paris' });
  // The knowledge catalogue (C1).
  add(
    'DefineKnowledgeCode',
    SAM,
    { kind: 'problem', code: 'P-NOBOOT', titles: { en: 'Does not boot', fr: 'Ne démarre pas' } },
    { titles: { en: 'Will not boot' } },
  );
  add('DefineKnowledgeCode', SAM, { kind: 'cause', code: 'C-OLD', titles: { en: 'Old cause' } });
  add('RetireKnowledgeCode', SAM, { kind: 'cause', code: 'C-OLD' }, { kind: 'solution' });
  // Master data.
  add('RegisterCustomer', SAM, { customerId: 'acme', name: 'Acme Logistics' }, { name: 'ACME' });
  add(
    'AddIdentifier',
    SAM,
    { customerId: 'acme', identifier: { kind: 'email', value: 'claire@acme.example' } },
    { identifier: { kind: 'email', value: 'other@acme.example' } },
  );
  add('AddIdentifier', SAM, {
    customerId: 'acme',
    identifier: { kind: 'email', value: 'old@acme.example' },
  });
  add('RemoveIdentifier', SAM, {
    customerId: 'acme',
    identifier: { kind: 'email', value: 'old@acme.example' },
  });
  add(
    'AddContact',
    SAM,
    {
      customerId: 'acme',
      contactId: 'claire',
      name: 'Claire Martin',
      email: 'claire@acme.example',
    },
    { name: 'Claire M.' },
  );
  add(
    'ChangeContact',
    ANN,
    { customerId: 'acme', contactId: 'claire', phone: '+33 1 55 00 00 09' },
    { phone: '+33 1 55 00 00 08' },
  );
  add('AddContact', SAM, { customerId: 'acme', contactId: 'otto', name: 'Otto Operator' });
  add('RemoveContact', SAM, { customerId: 'acme', contactId: 'otto' }, { contactId: 'claire' });
  add(
    'AddSite',
    SAM,
    { customerId: 'acme', siteId: 'paris', name: 'Acme Paris', city: 'Paris', country: 'FR' },
    { city: 'Lyon' },
  );
  add('AddSite', SAM, {
    customerId: 'acme',
    siteId: 'rome',
    name: 'Acme Rome',
    city: 'Rome',
    country: 'IT',
  });
  add(
    'SetSiteRegion',
    SAM,
    { customerId: 'acme', siteId: 'paris', region: 'france', from: '2026-01-01' },
    { region: 'north' },
  );
  add('SetCustomerPriorityFactor', SAM, { customerId: 'acme', factor: 1 }, { factor: 0.5 });
  add(
    'SetCustomerServiceLevels',
    SAM,
    { customerId: 'acme', ruleSetId: 'office' },
    { ruleSetId: 'other' },
  );
  add('SetCustomerLanguage', SAM, { customerId: 'acme', language: 'it' }, { language: 'es' });
  add('RegisterCustomer', SAM, { customerId: 'globex', name: 'Globex' });
  add('AddSite', SAM, {
    customerId: 'globex',
    siteId: 'berlin',
    name: 'Globex Berlin',
    city: 'Berlin',
    country: 'DE',
  });
  add(
    'PlaceBlock',
    SAM,
    { customerId: 'globex', blockId: 'unpaid', reason: 'non-payment', from: '2026-11-01' },
    { reason: 'other' },
  );
  add(
    'ReleaseBlock',
    SAM,
    { customerId: 'globex', blockId: 'unpaid', until: '2026-11-20' },
    { until: '2026-11-21' },
  );
  add(
    'RegisterContract',
    SAM,
    { contractId: 'acme-2026', customerId: 'acme', from: '2026-01-01', until: '2026-12-31' },
    { until: '2026-12-30' },
  );
  add(
    'AddCoverageLine',
    SAM,
    {
      contractId: 'acme-2026',
      lineId: 'L1',
      service: 'remote-support',
      scope: { serialNumber: 'SRV-1' },
      share: 100,
    },
    { share: 50 },
  );
  add('AddCoverageLine', SAM, {
    contractId: 'acme-2026',
    lineId: 'L2',
    service: 'on-site-repair',
    scope: { serialNumber: 'SRV-1' },
    share: 100,
  });
  add('AddCoverageLine', SAM, {
    contractId: 'acme-2026',
    lineId: 'L3',
    service: 'remote-support',
    scope: { siteId: 'rome' },
    share: 100,
  });
  add(
    'EndCoverageLine',
    SAM,
    { contractId: 'acme-2026', lineId: 'L3', until: '2026-12-15' },
    { until: '2026-12-14' },
  );
  add('RegisterContract', SAM, {
    contractId: 'acme-extra',
    customerId: 'acme',
    from: '2026-01-01',
    until: '2026-06-30',
  });
  add(
    'RenewContract',
    SAM,
    { contractId: 'acme-extra', until: '2026-12-31' },
    { until: '2027-01-31' },
  );
  add('AddCoverageLine', SAM, {
    contractId: 'acme-extra',
    lineId: 'L1',
    service: 'remote-support',
    scope: { siteId: 'paris' },
    share: 100,
  });
  // A contract's own acceptance rule names a contract master data knows.
  add(
    'SetAcceptancePolicy',
    SAM,
    { required: true, contractId: 'acme-extra' },
    { required: false },
  );
  add('RegisterContract', SAM, {
    contractId: 'globex-1',
    customerId: 'globex',
    from: '2026-01-01',
    until: '2027-12-31',
  });
  add(
    'TerminateContract',
    SAM,
    { contractId: 'globex-1', until: '2026-12-31', reason: 'Customer leaves' },
    { reason: 'Unpaid' },
  );
  add(
    'RegisterEquipment',
    SAM,
    {
      serialNumber: 'SRV-1',
      item: 'server-r740',
      customerId: 'acme',
      siteId: 'paris',
      from: '2025-06-01',
    },
    { item: 'server-r750' },
  );
  add('RegisterEquipment', SAM, {
    serialNumber: 'SRV-2',
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  add(
    'MoveEquipment',
    SAM,
    { serialNumber: 'SRV-2', siteId: 'rome', from: '2026-11-25' },
    { from: '2026-11-26' },
  );
  add('SetEquipmentPriorityFactor', SAM, { serialNumber: 'SRV-1', factor: 1 }, { factor: 2 });
  add('RegisterEquipment', SAM, {
    serialNumber: 'SRV-9',
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  add(
    'ChangeOwner',
    SAM,
    { serialNumber: 'SRV-9', customerId: 'globex', siteId: 'berlin', from: '2026-11-01' },
    { from: '2026-11-02' },
  );
  // Requests: accepted by an agent, declined, accepted at once (web form, covered), left waiting (web form, not covered).
  add(
    'SubmitRequest',
    MAIL,
    {
      requestId: 'r1',
      channel: 'email',
      sender: { email: 'claire@acme.example' },
      summary: 'Server down',
      body: 'SRV-1 does not boot',
      serialNumber: 'SRV-1',
    },
    { summary: 'Server slow' },
  );
  add('AcceptRequest', ANN, { requestId: 'r1' }, { priority: 2 });
  add('SubmitRequest', MAIL, {
    requestId: 'r2',
    channel: 'email',
    sender: { email: 'claire@acme.example' },
    summary: 'Question',
    body: 'Which toner?',
  });
  add('DeclineRequest', ANN, { requestId: 'r2', reason: 'Not a service call' }, { reason: 'Spam' });
  add('SubmitRequest', CARL, {
    requestId: 'r3',
    channel: 'web-form',
    sender: { account: 'acme', email: 'claire@acme.example' },
    summary: 'Backup failed',
    body: 'SRV-1 backup failed',
    serialNumber: 'SRV-1',
  });
  add('SubmitRequest', CARL, {
    requestId: 'r4',
    channel: 'web-form',
    sender: { account: 'acme', email: 'claire@acme.example' },
    summary: 'Disk noise',
    body: 'SRV-2 disk noise',
    serialNumber: 'SRV-2',
    service: 'on-site-repair',
  });
  // Call C-000001 (from r1), through its whole life.
  onA('AddFollowUp', { text: 'Customer called again' }, ANN, { text: 'Customer wrote again' });
  onA('AddInternalNote', { text: 'VIP customer' }, ANN, { text: 'Important' });
  const photo = {
    uri: 'file:///srv/files/C-000001/srv-1.jpg',
    mediaType: 'image/jpeg',
    size: 1024,
    sha256: 'c'.repeat(64),
    fileName: 'srv-1.jpg',
  };
  onA('AddAttachment', { attachment: photo }, ANN, { attachment: { ...photo, size: 2048 } });
  onA('ChangeAttachmentVisibility', { attachmentId: 'A1', customerVisible: true }, ANN, {
    customerVisible: false,
  });
  onA(
    'AddAttachment',
    { attachment: { ...photo, uri: 'file:///srv/files/wrong.jpg', fileName: 'wrong.jpg' } },
    ANN,
  );
  onA('WithdrawAttachment', { attachmentId: 'A2', reason: 'Wrong file' }, ANN, {
    reason: 'Other reason',
  });
  onA('CorrectCallDetails', { reason: 'Typo', description: 'SRV-1 does not boot at all' }, ANN, {
    reason: 'Clarified',
  });
  onA('EvaluateCall', { impact: 'high', urgency: 'high' }, ANN, { impact: 'low' });
  onA('SetPriority', { priority: 2, reason: 'Production stopped' }, ANN, { priority: 4 });
  onA('ClassifyCall', { purpose: 'repair' }, ANN);
  onA('AssignCall', { group: 'servers-l1', engineer: 'eve' }, ANN, { engineer: 'bob' });
  onA('StartWork', {}, EVE, { engineer: 'bob' });
  onA(
    'RecordDiagnosis',
    { symptom: 'No POST', cause: 'PSU', codes: { problem: 'P-NOBOOT' } },
    EVE,
    { cause: 'Board' },
  );
  onA('PutOnHold', { reason: 'Waiting for the customer', kind: 'waiting-for-customer' }, EVE, {
    kind: 'other',
  });
  onA('ReleaseHold');
  onA('TransferToSecondLine', { supportCentre: 'lab', reason: 'Needs the lab' }, EVE, {
    reason: 'Hard case',
  });
  onA('ReturnFromSecondLine', { transferId: 'T1', outcome: 'Known PSU fault' }, EVE, {
    outcome: 'No idea',
  });
  onA(
    'ScheduleOnSiteVisit',
    { engineer: 'eve', plannedStart: '2026-11-24T09:00:00Z', plannedEnd: '2026-11-24T11:00:00Z' },
    EVE,
    { engineer: 'bob' },
  );
  onA(
    'RescheduleOnSiteVisit',
    {
      transferId: 'T2',
      plannedStart: '2026-11-24T13:00:00Z',
      plannedEnd: '2026-11-24T15:00:00Z',
      reason: 'Customer asked',
    },
    EVE,
    { reason: 'Traffic' },
  );
  onA('StartOnSiteVisit', { transferId: 'T2' });
  onA('CompleteOnSiteVisit', { transferId: 'T2', report: 'PSU swapped' }, EVE, {
    report: 'Nothing done',
  });
  onA('AuthoriseRma', { depot: 'depot-lyon' }, EVE, { depot: 'depot-paris' });
  onA('ReceiveRmaItem', { transferId: 'T3' });
  onA('RecordRmaRepair', { transferId: 'T3', report: 'Board repaired' }, EVE, {
    report: 'Scrapped',
  });
  onA('ShipRmaItem', { transferId: 'T3' }, EVE, { trackingNumber: 'TRK-1' });
  onA(
    'OrderSubcontract',
    {
      subcontractor: 'cablers',
      orderReference: 'PO-1',
      agreedCost: { amount: 10000, currency: 'EUR' },
    },
    EVE,
    { orderReference: 'PO-2' },
  );
  onA(
    'CompleteSubcontract',
    { transferId: 'T4', actualCost: { amount: 9000, currency: 'EUR' } },
    EVE,
    { actualCost: { amount: 9500, currency: 'EUR' } },
  );
  onA('AuthoriseRma', { depot: 'depot-lyon' });
  onA('CancelTransfer', { transferId: 'T5', reason: 'Fixed on site' }, EVE, { reason: 'Other' });
  onA('BookTime', { labourType: 'on-site', minutes: 90 }, EVE, { minutes: 60 });
  onA('BookMaterial', { item: 'psu-750', quantity: 1 }, EVE, { quantity: 2 });
  onA(
    'BookCost',
    { category: 'expense', description: 'Parking', amount: { amount: 1200, currency: 'EUR' } },
    EVE,
    { description: 'Taxi' },
  );
  onA('BookTime', { labourType: 'remote', minutes: 15 });
  onA('CancelBooking', { bookingId: 'B4', reason: 'Booked twice' }, SAM, { reason: 'Wrong call' });
  onA(
    'RecordAcknowledgement',
    { notificationId: uuidv5('ack-1', NAMESPACE), channel: 'email', to: 'claire@acme.example' },
    { id: 'outbox', role: 'system' },
    { to: 'other@acme.example' },
  );
  onA(
    'ChangeContract',
    // acme-extra covers none of the work booked: the move confirms it as chargeable (B4).
    { contractId: 'acme-extra', reason: 'Charged to the extra contract', chargeable: true },
    ANN,
    { reason: 'Other' },
  );
  onA('BookTime', { labourType: 'remote', minutes: 10 });
  onA(
    'CorrectCallDetails',
    // SRV-9 is globex's: nothing of acme's covers the call or B5 any more (B4).
    {
      reason: 'Serial number misread',
      item: { item: 'server-r740', serialNumber: 'SRV-9' },
      chargeable: true,
    },
    ANN,
    { reason: 'Other' },
  );
  onA(
    'EscalateServiceLevel',
    { asOf: '2026-11-23T20:00:00Z' },
    { id: 'escalation', role: 'system' },
    { asOf: '2026-11-23T21:00:00Z' },
  );
  onA('ResolveCall', { solution: 'PSU replaced' }, EVE, { solution: 'Rebooted' });
  onA('RejectSolution', { reason: 'Still no boot' }, CARL, { reason: 'Other' });
  onA('ResolveCall', { solution: 'Board and PSU replaced' });
  onA('AcceptSolution', {}, CARL, { note: 'Thanks' });
  onA('CloseCall', {}, ANN);
  add('BillCall', BILL, { call: 'C-000001' });
  add('IssueInvoice', BILL, { call: 'C-000001' });
  add('CreditInvoice', BILL, { call: 'C-000001', reason: 'Goodwill' }, { reason: 'Wrong price' });
  onA('ReopenCall', { reason: 'No boot again' }, CARL, { reason: 'Different reason' });
  add('ArchiveCall', SAM, { call: 'C-000001' });
  // A call logged directly, then cancelled.
  add(
    'LogCall',
    ANN,
    {
      intake: { mode: 'knowledgeable', channel: 'phone' },
      reporter: { name: 'Claire Martin' },
      subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
      item: { item: 'server-r740', serialNumber: 'SRV-1' },
      description: 'Fan noise',
    },
    { description: 'Fan very noisy' },
  );
  add(
    'CancelCall',
    ANN,
    { call: 'C-000004', reason: 'Customer fixed it' },
    { reason: 'Duplicate' },
  );
  // Planned work and meters.
  add(
    'DefineMaintenancePlan',
    SAM,
    {
      planId: 'srv',
      name: 'Server care',
      scope: { item: 'server-r740' },
      from: '2026-01-01',
      tasks: [{ taskId: 'dust', name: 'Dust', calendar: { kind: 'yearly', dates: ['03-01'] } }],
    },
    { name: 'Server upkeep' },
  );
  add(
    'AddMaintenanceTask',
    SAM,
    {
      planId: 'srv',
      task: { taskId: 'fans', name: 'Fans', calendar: { kind: 'yearly', dates: ['09-01'] } },
    },
    { task: { taskId: 'fans', name: 'Fans', calendar: { kind: 'yearly', dates: ['10-01'] } } },
  );
  add(
    'RetireMaintenanceTask',
    SAM,
    { planId: 'srv', taskId: 'fans', until: '2026-12-31' },
    { until: '2026-12-30' },
  );
  add(
    'EndMaintenancePlan',
    SAM,
    { planId: 'srv', until: '2027-12-31', reason: 'Replaced' },
    { reason: 'Sold' },
  );
  add(
    'RegisterMeter',
    EVE,
    { serialNumber: 'SRV-1', meterId: 'temp', unit: 'C', kind: 'gauge' },
    { unit: 'F' },
  );
  add(
    'SetThreshold',
    EVE,
    { serialNumber: 'SRV-1', meterId: 'temp', thresholdId: 'hot', high: 90 },
    { high: 80 },
  );
  add('SetThreshold', EVE, {
    serialNumber: 'SRV-1',
    meterId: 'temp',
    thresholdId: 'cold',
    low: -10,
  });
  add(
    'RemoveThreshold',
    EVE,
    { serialNumber: 'SRV-1', meterId: 'temp', thresholdId: 'cold' },
    { thresholdId: 'hot' },
  );
  add(
    'RecordReading',
    SYSTEM,
    { serialNumber: 'SRV-1', meterId: 'temp', value: 40 },
    { value: 41 },
  );
  add(
    'RaiseAlarm',
    SYSTEM,
    { serialNumber: 'SRV-1', alarmId: 'a1', code: 'FAN', message: 'Fan failure' },
    { message: 'Fan slow' },
  );
  add('ClearAlarm', SYSTEM, { serialNumber: 'SRV-1', alarmId: 'a1' }, { note: 'Cleared by hand' });
  const notificationId = uuidv5('catalogue-notification', NAMESPACE);
  add(
    'QueueNotification',
    SYSTEM,
    {
      notificationId,
      kind: 'call-closed',
      language: 'en',
      template: { id: 'call-closed/en', version: 1 },
      channel: 'email',
      to: 'claire@acme.example',
      subject: 'Your call is closed',
      text: 'Hello, your call is closed.',
    },
    { subject: 'Closed' },
  );
  // A gateway that writes ids in capitals: the same notification.
  add(
    'RecordNotificationDelivery',
    SYSTEM,
    { notificationId: notificationId.toUpperCase(), via: 'eml' },
    { via: 'smtp' },
  );
  // A second message, withdrawn before it went out (its addressee forgotten).
  const withdrawnId = uuidv5('catalogue-withdrawn-notification', NAMESPACE);
  add('QueueNotification', SYSTEM, {
    notificationId: withdrawnId,
    kind: 'call-closed',
    language: 'en',
    template: { id: 'call-closed/en', version: 1 },
    channel: 'email',
    to: 'yves@acme.example',
    subject: 'Your call is closed',
    text: 'Hello, your call is closed.',
  });
  add(
    'WithdrawNotification',
    SYSTEM,
    { notificationId: withdrawnId, reason: 'addressee-erased' },
    { notificationId },
  );
  // Last, and a person no entry's answer shows (a user's name is in metadata only): forgetting erases their values in every answer, even a resent one's (issue 18).
  add(
    'ForgetPerson',
    { id: 'dpo', role: 'privacy-officer' },
    { person: 'user:sam', reason: 'DSR-2026-001' },
    { reason: 'DSR-2026-002' },
  );
  return entries;
}

/**
 * What changes other data between a command and its resend: coverage for the work that
 * waited, a new default destination, auto-acceptance for e-mail, a block, another price list.
 */
export function otherChanges(): Array<
  Record<string, unknown> & { readonly type: string; readonly commandId: string }
> {
  let n = 0;
  const change = (type: string, fields: Record<string, unknown>) => ({
    type,
    commandId: uuidv5(`change-${n++}`, NAMESPACE),
    actor: SAM,
    at: '2026-11-30T08:00:00Z',
    ...fields,
  });
  return [
    // The work request r4 asked for, which left it waiting: covered now.
    change('AddCoverageLine', {
      contractId: 'acme-2026',
      lineId: 'L9',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-2' },
      share: 100,
    }),
    change('SetInboxes', { mode: 'per-channel', autoAccept: ['email', 'web-form'] }),
    change('SetTimeZone', { timeZone: 'Pacific/Kiritimati' }),
    change('SetAcceptancePolicy', { required: true }),
    change('DefineGroup', { groupId: 'night', name: 'Night shift', kind: 'work' }),
    change('SetDefaultDestination', { destination: { kind: 'group', id: 'night' } }),
    change('PlaceBlock', {
      customerId: 'acme',
      blockId: 'late',
      reason: 'non-payment',
      from: '2026-11-29',
    }),
    change('RenewContract', { contractId: 'acme-extra', until: '2027-06-30' }),
  ];
}
