import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openValue, sealValue } from '../../src/privacy/cipher.js';
import type { KeyStore } from '../../src/privacy/key-store.js';

export interface KeyStoreFixture {
  readonly keys: KeyStore;
  /** The same keys as another process would open them (for SQLite: a second connection). */
  readonly reopen?: () => KeyStore;
  dispose(): void;
}

/** What every KeyStore adapter promises: one key per subject, destroyed for good. */
export function keyStoreContract(name: string, open: () => KeyStoreFixture): void {
  describe(`KeyStore contract: ${name}`, () => {
    let fixture: KeyStoreFixture;
    beforeEach(() => {
      fixture = open();
    });
    afterEach(() => fixture.dispose());

    it('creates a 256-bit key on first use and gives the same one after', () => {
      const key = fixture.keys.keyFor('requester:1')!;
      expect(key).toHaveLength(32);
      expect(fixture.keys.keyFor('requester:1')!.equals(key)).toBe(true);
      expect(fixture.keys.get('requester:1')).toMatchObject({ state: 'active' });
    });

    it('gives every subject a key of its own', () => {
      expect(
        fixture.keys.keyFor('contact:C1/K1')!.equals(fixture.keys.keyFor('contact:C1/K2')!),
      ).toBe(false);
      expect(fixture.keys.subjects()).toEqual(['contact:C1/K1', 'contact:C1/K2']);
    });

    it('knows nothing of a subject never seen, and destroying it says so', () => {
      expect(fixture.keys.get('user:nobody')).toBeUndefined();
      expect(fixture.keys.destroy('user:nobody', new Date())).toBe('unknown');
      expect(fixture.keys.subjects()).toEqual([]);
    });

    it('destroys a key for good: the value sealed under it no longer opens, and no new key is made', () => {
      const sealed = sealValue('user:ann', fixture.keys.keyFor('user:ann')!, 'Ann Example');
      const at = new Date('2026-12-01T10:00:00Z');
      expect(fixture.keys.destroy('user:ann', at)).toBe('destroyed');
      expect(fixture.keys.get('user:ann')).toMatchObject({ state: 'forgotten', forgottenAt: at });
      expect(fixture.keys.keyFor('user:ann')).toBeUndefined();
      expect(fixture.keys.destroy('user:ann', new Date())).toBe('already-forgotten');
      expect(fixture.keys.subjects()).toEqual(['user:ann']);
      // Not even a key made afterwards under the same id could open it (a fresh random key).
      expect(openValue(Buffer.alloc(32), sealed)).toBeUndefined();
    });

    it('looks many subjects up at once as one by one would, leaving out those never seen', () => {
      const key = fixture.keys.keyFor('requester:3')!;
      fixture.keys.keyFor('user:bea');
      fixture.keys.destroy('user:bea', new Date('2026-12-01T11:00:00Z'));
      const found = fixture.keys.getMany(['requester:3', 'user:bea', 'user:nobody', 'requester:3']);
      expect([...found.keys()].sort()).toEqual(['requester:3', 'user:bea']);
      expect(found.get('requester:3')).toMatchObject({ state: 'active' });
      expect((found.get('requester:3') as { key: Buffer }).key.equals(key)).toBe(true);
      expect(found.get('user:bea')).toEqual(fixture.keys.get('user:bea'));
      expect(fixture.keys.getMany([]).size).toBe(0);
    });

    it('counts the subjects forgotten, once each, whoever forgot them', () => {
      expect(fixture.keys.forgettings()).toBe(0);
      fixture.keys.keyFor('requester:4');
      fixture.keys.keyFor('requester:5');
      fixture.keys.destroy('requester:4', new Date());
      fixture.keys.destroy('requester:4', new Date());
      fixture.keys.destroy('user:nobody', new Date());
      expect(fixture.keys.forgettings()).toBe(1);
      if (!fixture.reopen) return;
      // Another process's forgetting changes the count this one reads.
      fixture.reopen().destroy('requester:5', new Date());
      expect(fixture.keys.forgettings()).toBe(2);
    });

    it('is shared by every process that opens it', () => {
      if (!fixture.reopen) return;
      const key = fixture.keys.keyFor('requester:2')!;
      const other = fixture.reopen();
      expect(other.keyFor('requester:2')!.equals(key)).toBe(true);
      expect(fixture.keys.getMany(['requester:2']).get('requester:2')).toMatchObject({
        state: 'active',
      });
      other.destroy('requester:2', new Date());
      expect(fixture.keys.keyFor('requester:2')).toBeUndefined();
      // Remembered states give way to another process's forgetting, in a batch too.
      expect(fixture.keys.getMany(['requester:2']).get('requester:2')).toMatchObject({
        state: 'forgotten',
      });
    });
  });
}
