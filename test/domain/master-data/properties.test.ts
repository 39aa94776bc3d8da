import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  validateCustomerRequest,
  type CustomerRequest,
  type CustomerValidation,
  type Service,
} from '../../../src/domain/index.js';
import { addDays, MasterDataWorld } from '../../support/master-data-world.js';

/**
 * Random master data, built through the deciders (refused commands are skipped, as the
 * pipeline would refuse them), and random requests on it.
 */
const ORIGIN = '2026-06-01';
const offset = fc.integer({ min: 0, max: 90 });
const later = fc.integer({ min: 1, max: 60 });
const serial = fc.constantFrom('S1', 'S2', 'S3');
const site = fc.constantFrom('paris', 'rome');
const item = fc.constantFrom('server', 'pc');
const service = fc.constantFrom<Service>('on-site-repair', 'remote-support');
const contractId = fc.constantFrom('K1', 'K2', 'K3');
const customerId = fc.constantFrom('acme', 'globex');
const scope = fc.oneof(
  serial.map((serialNumber) => ({ serialNumber })),
  fc.record({ item, siteId: site }),
  site.map((siteId) => ({ siteId })),
  item.map((item) => ({ item })),
);

/** One fact, its days given as offsets from an origin day (`at` below). */
const action = (days: fc.Arbitrary<number>) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('block' as const),
      customerId,
      from: days,
      length: fc.option(fc.nat(30)),
      reason: fc.constantFrom('non-payment' as const, 'missing-documents' as const),
    }),
    fc.record({
      kind: fc.constant('release' as const),
      customerId,
      blockId: fc.constantFrom('BL1', 'BL2', 'BL3'),
      until: days,
    }),
    fc.record({
      kind: fc.constant('contract' as const),
      contractId,
      customerId,
      from: days,
      length: fc.nat(120),
    }),
    fc.record({ kind: fc.constant('renew' as const), contractId, until: days }),
    fc.record({ kind: fc.constant('terminate' as const), contractId, until: days }),
    fc.record({
      kind: fc.constant('line' as const),
      contractId,
      service,
      scope,
      share: fc.constantFrom(40, 70, 100),
      from: fc.option(days),
      length: fc.option(fc.nat(40)),
    }),
    fc.record({
      kind: fc.constant('end-line' as const),
      contractId,
      lineId: fc.constantFrom('L1', 'L2', 'L3'),
      until: days,
    }),
    fc.record({
      kind: fc.constant('equipment' as const),
      serial,
      item,
      customerId,
      siteId: site,
      from: days,
      warranty: fc.option(fc.nat(60)),
      contractId: fc.option(contractId),
    }),
    fc.record({ kind: fc.constant('move' as const), serial, siteId: site, from: days }),
    fc.record({
      kind: fc.constant('owner' as const),
      serial,
      customerId,
      siteId: site,
      from: days,
    }),
  );
type Action = ReturnType<typeof action> extends fc.Arbitrary<infer A> ? A : never;

/**
 * Applies a fact whose days count from `origin`. With `after` set (the request day), a
 * renewal only counts when the days it adds all lie after it: a renewal of a contract
 * that had lapsed by then would be dated on or before the request day.
 */
function apply(world: MasterDataWorld, a: Action, origin: string, after?: string): void {
  const at = (n: number) => addDays(origin, n);
  world.attempt((w) => {
    switch (a.kind) {
      case 'block':
        return w.customer(a.customerId, {
          type: 'PlaceBlock',
          reason: a.reason,
          from: at(a.from),
          ...(a.length === null ? {} : { until: at(a.from + a.length) }),
        });
      case 'release':
        return w.customer(a.customerId, {
          type: 'ReleaseBlock',
          blockId: a.blockId,
          until: at(a.until),
        });
      case 'contract':
        return w.contract(a.contractId, {
          type: 'RegisterContract',
          contractId: a.contractId,
          customerId: a.customerId,
          from: at(a.from),
          until: at(a.from + a.length),
        });
      case 'renew': {
        const current = w.contracts.get(a.contractId);
        if (after !== undefined && current !== undefined && current.until < after) return;
        return w.contract(a.contractId, { type: 'RenewContract', until: at(a.until) });
      }
      case 'terminate':
        return w.contract(a.contractId, {
          type: 'TerminateContract',
          until: at(a.until),
          reason: 'Ended',
        });
      case 'line': {
        // A later line must be dated: without days it would follow the contract from its start.
        const lineFrom = a.from ?? (after === undefined ? null : 1);
        return w.contract(a.contractId, {
          type: 'AddCoverageLine',
          service: a.service,
          scope: a.scope,
          share: a.share,
          ...(lineFrom === null
            ? {}
            : {
                from: at(lineFrom),
                ...(a.length === null ? {} : { until: at(lineFrom + a.length) }),
              }),
        });
      }
      case 'end-line':
        return w.contract(a.contractId, {
          type: 'EndCoverageLine',
          lineId: a.lineId,
          until: at(a.until),
        });
      case 'equipment':
        return w.item(a.serial, {
          type: 'RegisterEquipment',
          serialNumber: a.serial,
          item: a.item,
          customerId: a.customerId,
          siteId: a.siteId,
          from: at(a.from),
          ...(a.warranty === null ? {} : { warrantyUntil: at(a.from + a.warranty) }),
          ...(a.contractId === null ? {} : { contractId: a.contractId }),
        });
      case 'move':
        return w.item(a.serial, { type: 'MoveEquipment', siteId: a.siteId, from: at(a.from) });
      case 'owner':
        return w.item(a.serial, {
          type: 'ChangeOwner',
          customerId: a.customerId,
          siteId: a.siteId,
          from: at(a.from),
        });
    }
  });
}

function baseWorld(actions: readonly Action[]): MasterDataWorld {
  const world = new MasterDataWorld()
    .customer('acme', { type: 'RegisterCustomer', customerId: 'acme', name: 'Acme' })
    .customer('acme', {
      type: 'AddIdentifier',
      identifier: { kind: 'email', value: 'it@acme.example' },
    })
    .customer('globex', { type: 'RegisterCustomer', customerId: 'globex', name: 'Globex' })
    .customer('globex', {
      type: 'AddIdentifier',
      identifier: { kind: 'phone', value: '+39 06 1234 5678' },
    });
  // Both have every site the facts name: a request naming a site they lack is refused outright.
  for (const customerId of ['acme', 'globex'])
    for (const siteId of ['paris', 'rome'])
      world.customer(customerId, {
        type: 'AddSite',
        siteId,
        name: `${customerId} ${siteId}`,
        city: siteId,
        country: siteId === 'paris' ? 'FR' : 'IT',
      });
  for (const a of actions) apply(world, a, ORIGIN);
  return world;
}

/**
 * A history that mostly has something to decide on: a few contracts (mostly the
 * customer's, long enough to span many request days), lines on them and equipment, then
 * any facts at all, in any order, refused ones included.
 */
const history = fc
  .record({
    contracts: fc.array(
      fc.record({
        kind: fc.constant('contract' as const),
        contractId,
        customerId: fc.constantFrom('acme', 'acme', 'globex'),
        from: fc.integer({ min: 0, max: 30 }),
        length: fc.integer({ min: 40, max: 120 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    equipment: fc.array(
      action(offset).filter((a) => a.kind === 'equipment'),
      { maxLength: 3 },
    ),
    lines: fc.array(
      fc.record({
        kind: fc.constant('line' as const),
        contractId,
        service,
        scope,
        share: fc.constantFrom(40, 70, 100),
        from: fc.option(offset, { freq: 2 }),
        length: fc.option(fc.nat(60), { freq: 2 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    facts: fc.array(action(offset), { maxLength: 15, size: 'max' }),
  })
  .map(({ contracts, equipment, lines, facts }): Action[] => [
    ...contracts,
    ...equipment,
    ...lines,
    ...facts,
  ]);

const request = fc
  .record({
    sender: fc.constantFrom(
      { email: 'IT@acme.example' },
      { email: 'it@ACME.example' },
      { phone: '+39 (06) 1234-5678' },
      { email: 'nobody@else.example' },
    ),
    day: fc.integer({ min: 10, max: 70 }).map((n) => addDays(ORIGIN, n)),
    service,
    serialNumber: fc.option(serial, { nil: undefined }),
    siteId: fc.option(site, { nil: undefined }),
    item: fc.option(item, { nil: undefined }),
  })
  .map((r) => JSON.parse(JSON.stringify(r)) as CustomerRequest);

const kindOf = (result: CustomerValidation) =>
  result.outcome === 'refused' ? result.reason : result.coverage.verdict;

/**
 * The verdict: the whole coverage record (what a call records) and its sentence when
 * accepted; the reason, and which block, when refused. The refusal's wording may say more
 * than the day knew (a block's end set later is reported as its end), the verdict may not.
 */
const verdictOf = (result: CustomerValidation) =>
  result.outcome === 'accepted'
    ? result
    : { outcome: result.outcome, reason: result.reason, blockId: result.details.blockId };

describe('coverage decision properties', () => {
  it('is deterministic, whatever order the snapshot lists customers and contracts in', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(history, request, (actions, req) => {
        const world = baseWorld(actions);
        const snapshot = world.snapshot(req.serialNumber);
        const result = validateCustomerRequest(snapshot, req);
        seen.add(kindOf(result));
        expect(validateCustomerRequest(snapshot, req)).toEqual(result);
        const reversed = {
          ...snapshot,
          customers: [...snapshot.customers].reverse(),
          contracts: [...snapshot.contracts].reverse(),
        };
        expect(validateCustomerRequest(reversed, req)).toEqual(result);
      }),
      { numRuns: 400 },
    );
    // The histories reach every outcome, so the property is not vacuous.
    expect([...seen].sort()).toEqual([
      'blocked',
      'covered',
      'no-active-contract',
      'not-covered',
      'partly-covered',
      'unknown-customer',
    ]);
  });

  it('master data dated after the request day never changes the verdict for that day', () => {
    let changedSomething = 0;
    fc.assert(
      fc.property(
        history,
        request,
        fc.array(action(later), { minLength: 1, maxLength: 20, size: 'max' }),
        (actions, req, facts) => {
          const world = baseWorld(actions);
          const before = verdictOf(validateCustomerRequest(world.snapshot(req.serialNumber), req));
          const recorded = world.log.length;
          for (const fact of facts) apply(world, fact, req.day, req.day);
          if (world.log.length > recorded) changedSomething++;
          expect(verdictOf(validateCustomerRequest(world.snapshot(req.serialNumber), req))).toEqual(
            before,
          );
        },
      ),
      { numRuns: 400 },
    );
    expect(changedSomething).toBeGreaterThan(200);
  });
});
