import { newKey } from './cipher.js';
import type { DestroyOutcome, KeyState, KeyStore } from './key-store.js';

/** Keys in memory: tests and the in-memory callstream (they go with the process, like its events). */
export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, KeyState>();
  private forgotten = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  keyFor(subject: string): Buffer | undefined {
    const known = this.keys.get(subject);
    if (known) return known.state === 'active' ? known.key : undefined;
    const key = newKey();
    this.keys.set(subject, { state: 'active', key, createdAt: this.now() });
    return key;
  }

  get(subject: string): KeyState | undefined {
    return this.keys.get(subject);
  }

  getMany(subjects: Iterable<string>): Map<string, KeyState> {
    const found = new Map<string, KeyState>();
    for (const subject of subjects) {
      const state = this.keys.get(subject);
      if (state) found.set(subject, state);
    }
    return found;
  }

  destroy(subject: string, at: Date): DestroyOutcome {
    const known = this.keys.get(subject);
    if (!known) return 'unknown';
    if (known.state === 'forgotten') return 'already-forgotten';
    known.key.fill(0);
    this.keys.set(subject, { state: 'forgotten', createdAt: known.createdAt, forgottenAt: at });
    this.forgotten++;
    return 'destroyed';
  }

  forgettings(): number {
    return this.forgotten;
  }

  subjects(): string[] {
    return [...this.keys.keys()].sort();
  }

  close(): void {
    // Nothing to release: the keys live in this object.
  }
}
