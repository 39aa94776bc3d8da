import type { Actor } from './schema.js';

/** When and by whom: every command carries them, the domain never reads a clock. */
export interface CommandContext {
  readonly at: Date;
  readonly actor: Actor;
  /** When the last change to the stream the command decides on was recorded (the pipeline gives it): the log runs forward, so a command is not dated before it (time-order.ts). */
  readonly previousAt?: Date;
}
