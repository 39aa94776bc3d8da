import type { Actor } from './schema.js';

/** When and by whom: every command carries them, the domain never reads a clock. */
export interface CommandContext {
  readonly at: Date;
  readonly actor: Actor;
}
