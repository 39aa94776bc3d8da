import { describe, expect, it } from 'vitest';
import type { CallEvent, Contract, CoverageLine } from '../../src/domain/index.js';
import { events, given, minutes, T0 } from '../support/call-spec.js';

/**
 * C4 with B4 and F2: a call moved to another contract is judged again under it, as of the
 * day of the move, and the verdict is recorded on the change. The call's coverage is then
 * the new contract's (what the board, the history and the customer's log show), never the
 * old contract's verdict beside the new contract's name.
 */
const at = minutes(100);
const day = '2026-11-23';
const contract = (id: string, lines: Record<string, CoverageLine> = {}): Contract => ({
  id,
  customerId: 'acme',
  from: '2026-01-01',
  until: '2026-12-31',
  renewals: [],
  lines,
});
const judged = (verdict: 'covered' | 'not-covered', contractId: string, share: number) => ({
  day,
  service: 'remote-support' as const,
  verdict,
  contractId,
  share,
  chargeable: share < 100,
  siteId: 'paris',
  item: 'server-x',
  serialNumber: 'SRV-1',
});
const takenOn = (coverage: ReturnType<typeof judged>): CallEvent[] => [
  events.logged(),
  { type: 'CoverageDetermined', data: { at: T0, coverage } },
];
const support = contract('acme-support', {
  L1: { service: 'remote-support', scope: { serialNumber: 'SRV-1' }, share: 100 },
});
const noEquipment = { equipment: null, depotUnits: new Map() };
/** The move of a call not covered under acme-2026 to acme-support, which covers SRV-1 by line L1. */
const toSupport: CallEvent = {
  type: 'ContractChanged',
  data: {
    at,
    contractId: 'acme-support',
    previous: 'acme-2026',
    reason: 'Software support',
    coverage: { ...judged('covered', 'acme-support', 100), rule: 'serial-number', lineId: 'L1' },
  },
};

describe('a contract change judges the call’s coverage again (C4, B4)', () => {
  it('records the verdict under the new contract: not covered before, covered now', () => {
    given(...takenOn(judged('not-covered', 'acme-2026', 0)))
      .when({
        type: 'ChangeContract',
        contractId: 'acme-support',
        reason: 'Software support',
        contract: support,
        day,
        cover: noEquipment,
      })
      .then(toSupport);
  });

  it('refuses a move that leaves the customer paying more unless it is confirmed as chargeable', () => {
    const covered = {
      ...judged('covered', 'acme-support', 100),
      rule: 'serial-number' as const,
      lineId: 'L1',
    };
    const move = {
      type: 'ChangeContract' as const,
      contractId: 'acme-projects',
      reason: 'Project budget',
      contract: contract('acme-projects'),
      day,
      cover: noEquipment,
    };
    given(...takenOn(covered))
      .when(move)
      .refuses(
        'ChargeableWorkNotConfirmed',
        /Not covered.*acme-projects.*pays 100% .*chargeable: true/,
      );
    given(...takenOn(covered))
      .when({ ...move, chargeable: true })
      .then({
        type: 'ContractChanged',
        data: {
          at,
          contractId: 'acme-projects',
          previous: 'acme-support',
          reason: 'Project budget',
          coverage: judged('not-covered', 'acme-projects', 0),
        },
      });
  });

  it('makes the new verdict the call’s coverage', () => {
    const state = given(...takenOn(judged('not-covered', 'acme-2026', 0)), toSupport).state;
    expect(state).toMatchObject({
      contractId: 'acme-support',
      coverage: { verdict: 'covered', contractId: 'acme-support', lineId: 'L1' },
    });
  });
});
