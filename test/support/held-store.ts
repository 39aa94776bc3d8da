import { MemoryEventStore } from '../../src/store/memory.js';
import type {
  AppendOptions,
  AppendResult,
  EventToAppend,
  StreamAppend,
} from '../../src/store/port.js';

/**
 * A memory store that holds the first append matching `when` at the door until
 * `open()`: the test lets another command commit in between, as another writer would.
 */
export class HeldStore extends MemoryEventStore {
  private hold?: { when: (parts: readonly StreamAppend[]) => boolean; door: Promise<void> };
  private opener = () => undefined as void;
  reached = Promise.resolve();

  holdFirst(when: (parts: readonly StreamAppend[]) => boolean): void {
    let reach = () => undefined as void;
    this.reached = new Promise((resolve) => (reach = resolve));
    const door = new Promise<void>((resolve) => (this.opener = resolve));
    this.hold = {
      when: (parts) => {
        if (!when(parts)) return false;
        reach();
        return true;
      },
      door,
    };
  }

  open(): void {
    this.opener();
  }

  private async atTheDoor(parts: readonly StreamAppend[]): Promise<void> {
    const hold = this.hold;
    if (!hold?.when(parts)) return;
    this.hold = undefined;
    await hold.door;
  }

  override async appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]> {
    await this.atTheDoor(first);
    return super.appendLinked(first, then);
  }

  override async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    await this.atTheDoor([{ streamName, events, expectedRevision: options.expectedRevision }]);
    return super.appendToStream(streamName, events, options);
  }
}
