import { join } from 'node:path';
import type { Callstream } from '../callstream.js';
import type { CommandResult } from '../commands/pipeline.js';
import type { Actor } from '../domain/index.js';
import { streamPoints, type StreamPoint } from './stream-points.js';
import { BenchStore } from './bench-store.js';

/** A contract line's cost per call billed, with `events` calls already drawn on its included hours. */
export interface AllowanceStreams {
  readonly billing: readonly StreamPoint[];
  /** Warm CPU per call billed with the most calls drawn over the fewest (median of the rounds). */
  readonly growth: number;
  readonly growthRange: readonly [number, number];
}

const ROUNDS = 9;
const CALLS_PER_ROUND = 50;
const COLD_RUNS = 5;
const supervisor: Actor = { id: 'bench-admin', role: 'supervisor' };
const engineer: Actor = { id: 'bench-engineer', role: 'engineer' };
const billing: Actor = { id: 'bench-billing', role: 'billing' };

/**
 * W7, contracts over the years: a contract's included hours are one allowance stream per
 * line and period, and a line whose hours count over the whole contract gathers every call
 * on it for years; every contract given a billing rule of its own (a new contract each
 * year, as the demo names them) adds to the organisation's one stream, which every command
 * reads. CPU per call billed (BillCall with its inline projections; the call logged,
 * booked, resolved and closed beforehand, untimed) with each of `sizes` calls already
 * billed on the line and as many contracts with their own rule, each size a store of its
 * own, the stores taking turns (streamPoints): warm (streams cached) and cold (the first
 * command after opening the store, as the CLI runs).
 */
export async function w7AllowanceStreams(
  dir: string,
  sizes: readonly number[],
  onProgress?: (text: string) => void,
): Promise<AllowanceStreams> {
  const ascending = [...sizes].sort((a, b) => a - b);
  const lines: ContractLine[] = [];
  try {
    for (const size of ascending) {
      onProgress?.(`W7: ${size} calls billed on one contract line …`);
      const line = await ContractLine.open(join(dir, `w7-${size}.db`));
      lines.push(line);
      await line.register();
      while (line.billed < size) await line.bill(await line.resolvedCall());
      await line.contractsWithOwnRules(size);
      await line.resolveAhead(ROUNDS * CALLS_PER_ROUND + COLD_RUNS + 1);
      await line.billNext(); // loads the streams
    }
    onProgress?.('W7: billing, the stores taking turns …');
    const { points, growth, growthRange } = await streamPoints(
      lines.map((line, i) => ({
        events: ascending[i]!,
        warm: async () => {
          for (let c = 0; c < CALLS_PER_ROUND; c++) await line.billNext();
        },
        reopen: () => line.reopen(),
        cold: () => line.billNext(),
      })),
      { rounds: ROUNDS, commands: CALLS_PER_ROUND, coldRuns: COLD_RUNS },
    );
    return { billing: points, growth, growthRange };
  } finally {
    for (const line of lines) await line.remove();
  }
}

/** A server under a contract whose on-site repair includes hours over the contract's whole term; every call an hour of it. */
class ContractLine extends BenchStore {
  billed = 0;
  private ruled = 0;
  /** Resolved and closed calls, waiting to be billed. */
  private readonly ready: string[] = [];

  private constructor(file: string, callstream: Callstream) {
    super(file, callstream, supervisor);
  }

  static async open(file: string): Promise<ContractLine> {
    return new ContractLine(file, await BenchStore.fresh(file));
  }

  async register(): Promise<void> {
    await this.run('RegisterCustomer', { customerId: 'bench', name: 'Bench' });
    await this.run('AddSite', {
      customerId: 'bench',
      siteId: 'hq',
      name: 'HQ',
      city: 'Paris',
      country: 'FR',
    });
    await this.run('RegisterEquipment', {
      serialNumber: 'SRV-1',
      item: 'server',
      customerId: 'bench',
      siteId: 'hq',
      from: '2025-01-01',
    });
    await this.run('RegisterContract', {
      contractId: 'bench-care',
      customerId: 'bench',
      from: '2026-01-01',
      until: '2035-12-31',
    });
    await this.run('AddCoverageLine', {
      contractId: 'bench-care',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-1' },
      share: 100,
      limits: { hours: 100_000, per: 'contract' },
    });
    await this.run('PublishPriceList', {
      priceListId: 'standard',
      effectiveFrom: '2026-01-01T00:00:00Z',
      prices: {
        currency: 'EUR',
        labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      },
    });
    await this.run('SetBillingPolicy', { invoiceOn: 'resolution', priceListId: 'standard' });
  }

  /** A call logged, an hour of on-site work booked on it, resolved and closed: its number. */
  async resolvedCall(): Promise<string> {
    const logged = (await this.run(
      'LogCall',
      {
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'bench', siteId: 'hq' },
        item: { item: 'server', serialNumber: 'SRV-1' },
        description: 'Server does not boot',
        service: 'on-site-repair',
      },
      engineer,
    )) as CommandResult;
    const call = logged.number;
    await this.run('BookTime', { call, labourType: 'on-site', minutes: 60 }, engineer);
    await this.run('ResolveCall', { call, solution: 'Fixed' }, engineer);
    // Closed, as a real line's calls are: open ones on one serial would weigh on logging the next.
    await this.run('CloseCall', { call });
    return call;
  }

  /** Other customers' contracts, each with its own billing rule, until there are `count`. */
  async contractsWithOwnRules(count: number): Promise<void> {
    for (; this.ruled < count; this.ruled++) {
      const contractId = `other-${this.ruled}`;
      const customerId = contractId; // a customer's own contracts are read with each of its calls
      await this.run('RegisterCustomer', { customerId, name: `Customer ${this.ruled}` });
      await this.run('RegisterContract', {
        contractId,
        customerId,
        from: '2026-01-01',
        until: '2035-12-31',
      });
      await this.run('SetBillingPolicy', {
        contractId,
        invoiceOn: 'closing',
        priceListId: 'standard',
      });
    }
  }

  /** `count` calls resolved and closed, for billNext. */
  async resolveAhead(count: number): Promise<void> {
    for (let i = 0; i < count; i++) this.ready.push(await this.resolvedCall());
  }

  billNext(): Promise<void> {
    return this.bill(this.ready.pop()!);
  }

  async bill(call: string): Promise<void> {
    await this.run('BillCall', { call }, billing);
    this.billed++;
  }
}

/** W7 as lines of text. */
export function humanAllowanceStreams(w7: AllowanceStreams): string {
  return [
    'W7 a contract line with included hours, and as many contracts with billing rules of their own (CPU per call billed; cold: the first after opening the store)',
    `  ${w7.billing.map((p) => `${p.events} calls on the line ${p.warmMs} ms warm, ${p.coldMs} ms cold`).join('; ')} (warm × ${w7.growth}; rounds ${w7.growthRange.join('–')})`,
  ].join('\n');
}
