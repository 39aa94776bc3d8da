import { v4 as uuid } from 'uuid';
import { Callstream } from '../callstream.js';
import type { Actor } from '../domain/index.js';
import { removeDatabase } from './workloads.js';

const START = Date.parse('2026-01-02T00:00:00Z');
const HOUR = 3_600_000;

/**
 * A store of a workload's own (W6, W7), at NORMAL through the public API: its commands an
 * hour apart, and reopened for the cold runs, nothing cached.
 */
export class BenchStore {
  private hour = 0;

  protected constructor(
    private readonly file: string,
    private callstream: Callstream,
    private readonly actor: Actor,
  ) {}

  /** A new, empty store at `file`. */
  protected static async fresh(file: string): Promise<Callstream> {
    removeDatabase(file);
    return Callstream.open({ file, synchronous: 'NORMAL' });
  }

  protected run(type: string, fields: Record<string, unknown>, actor = this.actor) {
    const at = new Date(START + this.hour++ * HOUR).toISOString();
    return this.callstream.executeJson({ type, commandId: uuid(), actor, at, ...fields });
  }

  async reopen(): Promise<void> {
    await this.callstream.close();
    this.callstream = await Callstream.open({ file: this.file, synchronous: 'NORMAL' });
  }

  async remove(): Promise<void> {
    await this.callstream.close();
    removeDatabase(this.file);
  }
}
