import { v4 as uuid } from 'uuid';
import { Callstream } from '../callstream.js';
import type { CommandResult } from '../commands/pipeline.js';
import type { Actor } from '../domain/index.js';
import { streamPoint, warmGrowth, type StreamPoint } from './stream-points.js';
import { removeDatabase } from './workloads.js';

/** A contract line's cost per call billed, with `events` calls already drawn on its included hours. */
export interface AllowanceStreams {
  readonly billing: readonly StreamPoint[];
  /** Warm CPU per call billed with the most calls drawn over the fewest. */
  readonly growth: number;
}

const WARM_CALLS = 400;
const COLD_RUNS = 5;
const supervisor: Actor = { id: 'bench-admin', role: 'supervisor' };
const engineer: Actor = { id: 'bench-engineer', role: 'engineer' };
const billing: Actor = { id: 'bench-billing', role: 'billing' };
const START = Date.parse('2026-01-02T00:00:00Z');
const HOUR = 3_600_000;

/**
 * W7, contracts over the years: a contract's included hours are one allowance stream per
 * line and period, and a line whose hours count over the whole contract gathers every call
 * on it for years; every contract given a billing rule of its own (a new contract each
 * year, as the demo names them) adds to the organisation's one stream, which every command
 * reads. CPU per call billed (BillCall with its inline projections; the call logged,
 * booked, resolved and closed beforehand, untimed) with each of `sizes` calls already
 * billed on the line and as many contracts with their own rule, warm (streams cached) and
 * cold (the first command after opening the store, as the CLI runs).
 */
export async function w7AllowanceStreams(
  file: string,
  sizes: readonly number[],
  onProgress?: (text: string) => void,
): Promise<AllowanceStreams> {
  removeDatabase(file);
  let callstream = await Callstream.open({ file, synchronous: 'NORMAL' });
  const line = new ContractLine(() => callstream);
  try {
    await line.register();
    const points: StreamPoint[] = [];
    for (const size of [...sizes].sort((a, b) => a - b)) {
      onProgress?.(`W7: ${size} calls billed on one contract line …`);
      while (line.billed < size) await line.bill(await line.resolvedCall());
      await line.contractsWithOwnRules(size);
      const ready: string[] = [];
      for (let i = 0; i < WARM_CALLS + COLD_RUNS + 1; i++) ready.push(await line.resolvedCall());
      await line.bill(ready.pop()!); // loads the streams, if the last cold run left them unread
      points.push(
        await streamPoint(size, {
          warm: async () => {
            for (let i = 0; i < WARM_CALLS; i++) await line.bill(ready.pop()!);
          },
          commands: WARM_CALLS,
          reopen: async () => {
            await callstream.close();
            callstream = await Callstream.open({ file, synchronous: 'NORMAL' });
          },
          cold: () => line.bill(ready.pop()!),
          coldRuns: COLD_RUNS,
        }),
      );
    }
    return { billing: points, growth: warmGrowth(points) };
  } finally {
    await callstream.close();
    removeDatabase(file);
  }
}

/** A server under a contract whose on-site repair includes hours over the contract's whole term; every call an hour of it. */
class ContractLine {
  billed = 0;
  private ruled = 0;
  private hour = 0;
  constructor(private readonly callstream: () => Callstream) {}

  private run(type: string, fields: Record<string, unknown>, actor = supervisor) {
    const at = new Date(START + this.hour++ * HOUR).toISOString();
    return this.callstream().executeJson({ type, commandId: uuid(), actor, at, ...fields });
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

  async bill(call: string): Promise<void> {
    await this.run('BillCall', { call }, billing);
    this.billed++;
  }
}

/** W7 as lines of text. */
export function humanAllowanceStreams(w7: AllowanceStreams): string {
  return [
    'W7 a contract line with included hours, and as many contracts with billing rules of their own (CPU per call billed; cold: the first after opening the store)',
    `  ${w7.billing.map((p) => `${p.events} calls on the line ${p.warmMs} ms warm, ${p.coldMs} ms cold`).join('; ')} (warm × ${w7.growth})`,
  ].join('\n');
}
