import { v4 as uuid } from 'uuid';
import { Callstream, type CallstreamOptions } from '../../src/callstream.js';
import type { AggregateResult, CommandResult } from '../../src/commands/pipeline.js';
import type { Actor } from '../../src/domain/index.js';
import { staff } from './pipeline.js';

const sam: Actor = staff.sam;

/**
 * A small service company with master data, through the real pipeline (validation on):
 * - acme: e-mail claire@acme.example, phone +33 1 55 00 00 01, sites paris and rome;
 *   contract acme-2026 for 2026 covering server SRV-1 (remote support, on-site repair),
 *   every site-rome request for remote support at 50 %; SRV-1 and SRV-2 at paris,
 *   SRV-2 moves to rome on 2026-11-25; laptop LAP-1 under warranty until 2027-06-30.
 * - globex: contract starting on 2026-11-24; initech: contract ending on 2026-11-23.
 */
export async function serviceCompany(options: CallstreamOptions = {}) {
  const callstream = await Callstream.open(options);
  const run = async (
    type: string,
    fields: Record<string, unknown>,
    actor: Actor = sam,
  ): Promise<AggregateResult> =>
    // Commands stated as data (type and fields): validated at run time like JSON input.
    (await callstream.executeJson({
      type,
      commandId: uuid(),
      actor,
      at: '2026-01-01T07:00:00Z',
      ...fields,
    })) as AggregateResult;
  await run('RegisterCustomer', { customerId: 'acme', name: 'Acme Logistics' });
  await run('AddIdentifier', {
    customerId: 'acme',
    identifier: { kind: 'email', value: 'claire@acme.example' },
  });
  await run('AddIdentifier', {
    customerId: 'acme',
    identifier: { kind: 'phone', value: '+33 1 55 00 00 01' },
  });
  await run('AddSite', {
    customerId: 'acme',
    siteId: 'paris',
    name: 'Acme Paris',
    city: 'Paris',
    country: 'FR',
  });
  await run('AddSite', {
    customerId: 'acme',
    siteId: 'rome',
    name: 'Acme Rome',
    city: 'Rome',
    country: 'IT',
  });
  await run('RegisterContract', {
    contractId: 'acme-2026',
    customerId: 'acme',
    from: '2026-01-01',
    until: '2026-12-31',
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'remote-support',
    scope: { serialNumber: 'SRV-1' },
    share: 100,
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'on-site-repair',
    scope: { serialNumber: 'SRV-1' },
    share: 100,
    limits: { hours: 2, per: 'year' },
  });
  await run('AddCoverageLine', {
    contractId: 'acme-2026',
    service: 'remote-support',
    scope: { siteId: 'rome' },
    share: 50,
  });
  await run('RegisterEquipment', {
    serialNumber: 'SRV-1',
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  await run('RegisterEquipment', {
    serialNumber: 'SRV-2',
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'paris',
    from: '2025-06-01',
  });
  await run('MoveEquipment', { serialNumber: 'SRV-2', siteId: 'rome', from: '2026-11-25' });
  await run('RegisterEquipment', {
    serialNumber: 'LAP-1',
    item: 'laptop',
    customerId: 'acme',
    siteId: 'paris',
    from: '2026-06-30',
    warrantyUntil: '2027-06-30',
  });
  await run('RegisterEquipment', {
    serialNumber: 'SRV-R',
    item: 'server-r740',
    customerId: 'acme',
    siteId: 'rome',
    from: '2025-06-01',
  });
  await run('RegisterCustomer', { customerId: 'globex', name: 'Globex' });
  await run('AddIdentifier', {
    customerId: 'globex',
    identifier: { kind: 'email', value: 'it@globex.example' },
  });
  await run('RegisterContract', {
    contractId: 'globex-1',
    customerId: 'globex',
    from: '2026-11-24',
    until: '2027-11-23',
  });
  await run('RegisterCustomer', { customerId: 'initech', name: 'Initech' });
  await run('AddIdentifier', {
    customerId: 'initech',
    identifier: { kind: 'email', value: 'bill@initech.example' },
  });
  await run('RegisterContract', {
    contractId: 'initech-1',
    customerId: 'initech',
    from: '2025-11-24',
    until: '2026-11-23',
  });
  return { callstream, run };
}

/** The company, plus prices (EUR, per hour: remote 80, on-site 95, depot 70, travel 50; 15 % on subcontracts) and its billing rule. */
export async function billingCompany(
  options: CallstreamOptions = {},
  invoiceOn: 'resolution' | 'acceptance' | 'closing' = 'resolution',
) {
  const company = await serviceCompany(options);
  await company.run('PublishPriceList', {
    priceListId: 'standard',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: { battery: 12000, 'psu-750': 8900 },
      subcontractMarginPercent: 15,
    },
  });
  await company.run('SetBillingPolicy', { invoiceOn, priceListId: 'standard' });
  return company;
}

/** Runs call commands as the given actor, at an instant. */
export function onCall(callstream: Callstream, call: string) {
  return (
    type: string,
    at: string,
    fields: Record<string, unknown> = {},
    actor: Actor = staff.eve,
  ) =>
    callstream.executeJson({
      type,
      commandId: uuid(),
      actor,
      call,
      at,
      ...fields,
    }) as Promise<CommandResult>;
}

/** A request arriving by e-mail at a given instant. */
export function submit(
  callstream: Callstream,
  requestId: string,
  at: string,
  fields: Record<string, unknown>,
): Promise<AggregateResult> {
  return callstream.executeJson({
    type: 'SubmitRequest',
    commandId: uuid(),
    actor: staff.mail,
    at,
    requestId,
    channel: 'email',
    summary: 'Server down',
    body: 'The server does not boot since this morning.',
    ...fields,
  }) as Promise<AggregateResult>;
}

export function accept(
  callstream: Callstream,
  requestId: string,
  at: string,
  fields: Record<string, unknown> = {},
): Promise<AggregateResult> {
  return callstream.execute({
    type: 'AcceptRequest',
    commandId: uuid(),
    actor: staff.ann,
    at,
    requestId,
    ...fields,
  });
}

export type { CommandResult };

/**
 * A call for one of acme's units and a service, from Claire's e-mail at 08:00 on a day (23
 * November unless said), accepted at 08:05 and taken on as chargeable whatever its cover.
 */
export async function chargeableCallFor(
  callstream: Callstream,
  serialNumber: string,
  service: string,
  day = '2026-11-23',
) {
  const requestId = uuid();
  await submit(callstream, requestId, `${day}T08:00:00Z`, {
    sender: { email: 'claire@acme.example' },
    serialNumber,
    service,
  });
  const { call } = await accept(callstream, requestId, `${day}T08:05:00Z`, { chargeable: true });
  return { call: call!, step: onCall(callstream, call!.number) };
}

/** A call for acme's server SRV-1 (on-site repair), accepted from Claire's e-mail on 23 November. */
export function acceptedOnSiteCall(callstream: Callstream) {
  return chargeableCallFor(callstream, 'SRV-1', 'on-site-repair');
}

/**
 * The call of acceptedOnSiteCall with 180 on-site minutes booked on the 24th (2 hours
 * included, 1 chargeable) and resolved: what billing proposes 95.00 for.
 */
export async function resolvedOnSiteCall(callstream: Callstream) {
  const accepted = await acceptedOnSiteCall(callstream);
  await accepted.step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 180 });
  await accepted.step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
  return accepted;
}

/** Ann logs a phone call about acme's server SRV-1 at paris on 23 November, 09:00 (`fields` adds a reporter, say). */
export function loggedServerCall(
  callstream: Callstream,
  fields: Record<string, unknown> = {},
): Promise<CommandResult> {
  return callstream.executeJson({
    type: 'LogCall',
    commandId: uuid(),
    actor: staff.ann,
    at: '2026-11-23T09:00:00Z',
    intake: { mode: 'knowledgeable', channel: 'phone' },
    subject: { kind: 'customer', customerId: 'acme', siteId: 'paris' },
    item: { item: 'server-r740', serialNumber: 'SRV-1' },
    description: 'Server does not boot',
    ...fields,
  }) as Promise<CommandResult>;
}

/** A call about acme's server SRV-R at rome (remote support covered 50 %, on-site and depot repair not), taken on as chargeable. */
export function remoteCallOnSrvR(callstream: Callstream) {
  return chargeableCallFor(callstream, 'SRV-R', 'remote-support');
}

/** A second contract of acme's for 2026, acme-gold: on-site repair of SRV-1 in full, without limits. */
export async function goldContract(company: Awaited<ReturnType<typeof serviceCompany>>) {
  await company.run('RegisterContract', {
    contractId: 'acme-gold',
    customerId: 'acme',
    from: '2026-01-01',
    until: '2026-12-31',
  });
  await company.run('AddCoverageLine', {
    contractId: 'acme-gold',
    service: 'on-site-repair',
    scope: { serialNumber: 'SRV-1' },
    share: 100,
  });
}
