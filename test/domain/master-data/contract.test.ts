import { describe, expect, it } from 'vitest';
import {
  contractCommandSchemas,
  contractCommandTypes,
  contractPermissions,
  isContractValidOn,
  isLineEffectiveOn,
  linePeriod,
  scopeKind,
} from '../../../src/domain/index.js';
import {
  AT,
  contractEvents as events,
  contractOf,
  givenContract as given,
} from '../../support/master-data-spec.js';
import { inheritedNames } from '../../../src/domain/index.js';

const register = {
  type: 'RegisterContract' as const,
  contractId: 'K-2026',
  customerId: 'acme',
  from: '2026-01-01',
  until: '2026-12-31',
};

describe('RegisterContract (B3)', () => {
  it('registers a contract for a customer with its days and service-level policy', () => {
    given()
      .when({ ...register, serviceLevelPolicyId: 'gold' })
      .then({
        type: 'ContractRegistered',
        data: {
          contractId: 'K-2026',
          at: AT,
          customerId: 'acme',
          from: '2026-01-01',
          until: '2026-12-31',
          serviceLevelPolicyId: 'gold',
        },
      });
  });

  it('registers a one-day contract', () => {
    given()
      .when({ ...register, until: '2026-01-01' })
      .then({
        type: 'ContractRegistered',
        data: {
          contractId: 'K-2026',
          at: AT,
          customerId: 'acme',
          from: '2026-01-01',
          until: '2026-01-01',
        },
      });
  });

  it('refuses a contract that ends before it starts', () => {
    given()
      .when({ ...register, until: '2025-12-31' })
      .refuses('InvalidPeriod');
  });

  it('refuses to register a contract twice', () => {
    given(events.registered()).when(register).refuses('ContractAlreadyRegistered');
  });

  it('refuses any other command on a contract that was never registered', () => {
    given().when({ type: 'RenewContract', until: '2027-12-31' }).refuses('ContractNotFound');
  });
});

describe('RenewContract', () => {
  it('extends validity to a later last day, keeping the renewal in the history', () => {
    given(events.registered())
      .when({ type: 'RenewContract', until: '2027-12-31' })
      .then(events.renewed('2026-12-31', '2027-12-31'));
    const contract = contractOf(events.registered(), {
      type: 'ContractRenewed',
      data: { at: AT, previousUntil: '2026-12-31', until: '2027-12-31' },
    });
    expect(contract).toMatchObject({
      until: '2027-12-31',
      renewals: [{ previousUntil: '2026-12-31', until: '2027-12-31' }],
    });
    expect(isContractValidOn(contract, '2027-06-30')).toBe(true);
  });

  it('refuses a renewal that does not end later', () => {
    given(events.registered())
      .when({ type: 'RenewContract', until: '2026-12-31' })
      .refuses('RenewalNotLater');
  });

  it('refuses to renew a terminated contract', () => {
    given(events.registered(), events.terminated('2026-06-30'))
      .when({ type: 'RenewContract', until: '2027-12-31' })
      .refuses('ContractTerminated');
  });
});

describe('TerminateContract', () => {
  it('ends validity on the termination day, with the reason', () => {
    given(events.registered())
      .when({
        type: 'TerminateContract',
        until: '2026-06-30',
        reason: 'Customer moved to a competitor',
      })
      .then({
        type: 'ContractTerminated',
        data: { at: AT, until: '2026-06-30', reason: 'Customer moved to a competitor' },
      });
    const contract = contractOf(events.registered(), events.terminated('2026-06-30'));
    expect(contract).toMatchObject({
      until: '2026-06-30',
      termination: { until: '2026-06-30', reason: 'Customer moved to a competitor' },
    });
    expect(isContractValidOn(contract, '2026-06-30')).toBe(true);
    expect(isContractValidOn(contract, '2026-07-01')).toBe(false);
  });

  it('refuses a termination outside the contract’s days', () => {
    given(events.registered())
      .when({ type: 'TerminateContract', until: '2027-01-01', reason: 'Late' })
      .refuses('TerminationOutsideValidity');
    given(events.registered())
      .when({ type: 'TerminateContract', until: '2025-12-31', reason: 'Early' })
      .refuses('TerminationOutsideValidity');
  });

  it('refuses to terminate twice', () => {
    given(events.registered(), events.terminated('2026-06-30'))
      .when({ type: 'TerminateContract', until: '2026-05-31', reason: 'Again' })
      .refuses('ContractAlreadyTerminated');
  });
});

describe('AddCoverageLine (B4)', () => {
  it('adds a line for a service on a serial number, an item at a site, a site or an item', () => {
    for (const scope of [
      { serialNumber: 'SRV-1' },
      { item: 'pc', siteId: 'paris' },
      { siteId: 'paris' },
      { item: 'pc' },
    ]) {
      given(events.registered())
        .when({ type: 'AddCoverageLine', service: 'on-site-repair', scope, share: 100 })
        .then({
          type: 'CoverageLineAdded',
          data: { at: AT, lineId: 'L1', service: 'on-site-repair', scope, share: 100 },
        });
    }
  });

  it('adds a partly covered line with limits and its own days', () => {
    given(events.registered(), events.lineAdded())
      .when({
        type: 'AddCoverageLine',
        lineId: 'parts',
        service: 'depot-repair',
        scope: { item: 'printer' },
        share: 40,
        limits: { visits: 4, per: 'year' },
        from: '2026-03-01',
        until: '2026-09-30',
      })
      .then({
        type: 'CoverageLineAdded',
        data: {
          at: AT,
          lineId: 'parts',
          service: 'depot-repair',
          scope: { item: 'printer' },
          share: 40,
          limits: { visits: 4, per: 'year' },
          from: '2026-03-01',
          until: '2026-09-30',
        },
      });
  });

  it('takes the next free line id', () => {
    given(events.registered(), events.lineAdded({ lineId: 'L2' }))
      .when({
        type: 'AddCoverageLine',
        service: 'remote-support',
        scope: { item: 'pc' },
        share: 100,
      })
      .then({
        type: 'CoverageLineAdded',
        data: {
          at: AT,
          lineId: 'L3',
          service: 'remote-support',
          scope: { item: 'pc' },
          share: 100,
        },
      });
  });

  it('refuses a line id already taken', () => {
    given(events.registered(), events.lineAdded())
      .when({
        type: 'AddCoverageLine',
        lineId: 'L1',
        service: 'remote-support',
        scope: { item: 'pc' },
        share: 100,
      })
      .refuses('CoverageLineAlreadyExists');
  });

  it('refuses a line outside the contract’s days, and one that ends before it starts', () => {
    const line = {
      type: 'AddCoverageLine' as const,
      service: 'remote-support' as const,
      scope: { item: 'pc' },
      share: 100,
    };
    given(events.registered())
      .when({ ...line, from: '2025-12-01' })
      .refuses('CoverageLineOutsideContract');
    given(events.registered())
      .when({ ...line, until: '2027-01-31' })
      .refuses('CoverageLineOutsideContract');
    given(events.registered(), events.terminated('2026-06-30'))
      .when({ ...line, from: '2026-07-01' })
      .refuses('CoverageLineOutsideContract');
    given(events.registered())
      .when({ ...line, from: '2026-05-01', until: '2026-04-30' })
      .refuses('InvalidPeriod');
  });

  it('refuses at the boundary a scope that is not exactly one kind, a share outside 1–100 and empty limits', () => {
    const schema = contractCommandSchemas.AddCoverageLine;
    const line = { service: 'on-site-repair', scope: { siteId: 'paris' }, share: 100 };
    expect(schema.safeParse(line).success).toBe(true);
    expect(
      schema.safeParse({ ...line, scope: { serialNumber: 'SRV-1', siteId: 'paris' } }).success,
    ).toBe(false);
    expect(schema.safeParse({ ...line, scope: {} }).success).toBe(false);
    expect(schema.safeParse({ ...line, share: 0 }).success).toBe(false);
    expect(schema.safeParse({ ...line, share: 101 }).success).toBe(false);
    expect(schema.safeParse({ ...line, service: 'gardening' }).success).toBe(false);
    expect(schema.safeParse({ ...line, limits: { per: 'year' } }).success).toBe(false);
    expect(schema.safeParse({ ...line, limits: { hours: 10, per: 'month' } }).success).toBe(true);
    // Included hours are counted by the minute: 1.5 h is 90 minutes, 1.01 h no whole number.
    expect(schema.safeParse({ ...line, limits: { hours: 1.5, per: 'year' } }).success).toBe(true);
    expect(schema.safeParse({ ...line, limits: { hours: 0.05, per: 'year' } }).success).toBe(true);
    const fraction = schema.safeParse({ ...line, limits: { hours: 1.01, per: 'year' } });
    expect(fraction.error?.issues).toMatchObject([
      { path: ['limits', 'hours'], message: expect.stringMatching(/whole number of minutes/) },
    ]);
  });

  it('reads { item, siteId } as item at site, never as a site', () => {
    const parsed = contractCommandSchemas.AddCoverageLine.parse({
      service: 'on-site-repair',
      scope: { item: 'pc', siteId: 'paris' },
      share: 100,
    });
    expect(parsed.scope).toEqual({ item: 'pc', siteId: 'paris' });
    expect(scopeKind(parsed.scope)).toBe('item-at-site');
  });
});

describe('EndCoverageLine', () => {
  it('ends a line on a day, keeping it in the history', () => {
    given(events.registered(), events.lineAdded())
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2026-08-31' })
      .then(events.lineEnded('L1', '2026-08-31'));
    const contract = contractOf(
      events.registered(),
      events.lineAdded(),
      events.lineEnded('L1', '2026-08-31'),
    );
    const line = contract.lines.L1!;
    expect(linePeriod(contract, line)).toEqual({ from: '2026-01-01', until: '2026-08-31' });
    expect(isLineEffectiveOn(contract, line, '2026-08-31')).toBe(true);
    expect(isLineEffectiveOn(contract, line, '2026-09-01')).toBe(false);
  });

  it("refuses to end a line the contract does not have, such as one named like every object's members", () => {
    given(events.registered())
      .when({ type: 'EndCoverageLine', lineId: 'L7', until: '2026-08-31' })
      .refuses('UnknownCoverageLine');
    for (const lineId of inheritedNames)
      given(events.registered())
        .when({ type: 'EndCoverageLine', lineId, until: '2026-08-31' })
        .refuses('UnknownCoverageLine');
  });

  it('refuses an end that is not earlier than the line’s own end', () => {
    given(events.registered(), events.lineAdded({ until: '2026-06-30' }))
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2026-07-31' })
      .refuses('CoverageLineAlreadyEnds');
  });

  it('refuses an end before the line starts, or after the contract ends', () => {
    given(events.registered(), events.lineAdded({ from: '2026-03-01' }))
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2026-02-28' })
      .refuses('InvalidPeriod');
    given(events.registered(), events.lineAdded())
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2027-02-28' })
      .refuses('CoverageLineOutsideContract');
  });
});

describe('ending cover from today on, never for days gone by (B4)', () => {
  // Calls of those days were taken as covered without the customer agreeing to pay: billing would charge them in full.
  it('refuses to end a coverage line or terminate a contract before the organisation’s day', () => {
    given(events.registered(), events.lineAdded())
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2026-08-31', today: '2026-09-01' })
      .refuses(
        'EndInThePast',
        /^Coverage line L1 of contract K-2026 cannot end on 2026-08-31, a day gone by \(today is 2026-09-01\)/,
      );
    given(events.registered())
      .when({
        type: 'TerminateContract',
        until: '2026-08-31',
        reason: 'Unpaid',
        today: '2026-09-01',
      })
      .refuses('EndInThePast', /^Contract K-2026 cannot end on 2026-08-31/);
  });

  it('ends them today, the last day covered', () => {
    given(events.registered(), events.lineAdded())
      .when({ type: 'EndCoverageLine', lineId: 'L1', until: '2026-08-31', today: '2026-08-31' })
      .then(events.lineEnded('L1', '2026-08-31'));
  });
});

describe('contract validity and lines', () => {
  it('a line without days follows the contract through renewals and termination', () => {
    const renewed = contractOf(
      events.registered(),
      events.lineAdded(),
      events.renewed('2026-12-31', '2027-12-31'),
    );
    expect(linePeriod(renewed, renewed.lines.L1!)).toEqual({
      from: '2026-01-01',
      until: '2027-12-31',
    });
    const terminated = contractOf(
      events.registered(),
      events.lineAdded({ until: '2026-10-31' }),
      events.terminated('2026-06-30'),
    );
    expect(linePeriod(terminated, terminated.lines.L1!)).toEqual({
      from: '2026-01-01',
      until: '2026-06-30',
    });
  });

  it('permissions name roles for every command and leave contracts to billing, supervisors and the ERP', () => {
    expect(Object.keys(contractPermissions).sort()).toEqual([...contractCommandTypes].sort());
    for (const roles of Object.values(contractPermissions))
      expect(roles).toEqual(['supervisor', 'billing', 'system']);
  });
});
