import { decodeStored, type CallEvent } from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import type { CommandPipeline } from './pipeline.js';
import { nameUuid } from './streams.js';

/** One message to a customer. Its id is derived from the fact it announces: resending it is recognisable. */
export interface Notification {
  readonly id: string;
  readonly kind: 'call-acknowledged';
  readonly callId: string;
  readonly number: string;
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Where notifications go: an e-mail or SMS gateway. Receivers should drop an id seen before. */
export interface NotificationSender {
  send(notification: Notification): Promise<void>;
}

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
  readonly position: bigint | undefined;
}

const OUTBOX = 'outbox-acknowledgements';

/**
 * The acknowledgement outbox (A7): every logged call with a way to reach its reporter gets
 * a message with its number. Event-driven and at least once: the checkpoint moves only
 * after a message was handed over and recorded on the call, so a crash means a resend,
 * never a loss; the message id makes the resend recognisable, and the call records each
 * acknowledgement once.
 */
export class AcknowledgementOutbox {
  private running: Promise<DeliveryReport> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: ReadModelStore,
    private readonly pipeline: CommandPipeline,
    private readonly sender: NotificationSender,
  ) {}

  /** Delivers everything not yet delivered; concurrent calls share one run. */
  deliver(): Promise<DeliveryReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<DeliveryReport> {
    let position = this.checkpoints.checkpoint(OUTBOX)?.position;
    let delivered = 0;
    for await (const recorded of this.store.readAll(position === undefined ? {} : { fromPosition: position })) {
      if (position !== undefined && recorded.position <= position) continue;
      if (recorded.type === 'CallLogged') {
        const { event } = decodeStored(recorded);
        const notification = acknowledgementOf(event as Extract<CallEvent, { type: 'CallLogged' }>, recorded.id);
        if (notification) {
          try {
            await this.sender.send(notification);
            await this.pipeline.execute({
              type: 'RecordAcknowledgement',
              commandId: notification.id,
              actor: { id: 'outbox', role: 'system' },
              call: notification.callId,
              notificationId: notification.id,
              channel: notification.channel,
              to: notification.to,
            });
          } catch {
            // Not handed over (or not recorded): stop here and try again on the next run.
            return { delivered, failed: 1, position };
          }
          delivered++;
        }
      }
      position = recorded.position;
      this.checkpoints.commit([{ projection: OUTBOX, version: 1, position, writes: new Map() }]);
    }
    return { delivered, failed: 0, position };
  }
}

/** The message that tells the reporter the call number: by e-mail when there is an address, else by SMS. */
export function acknowledgementOf(logged: Extract<CallEvent, { type: 'CallLogged' }>, eventId: string): Notification | undefined {
  const { reporter, callId, number, description } = logged.data;
  const to = reporter.email ?? reporter.phone;
  if (!to) return undefined;
  const channel = reporter.email ? 'email' : 'sms';
  const greeting = reporter.name ? `Dear ${reporter.name},` : 'Hello,';
  return {
    id: nameUuid(`acknowledgement/${eventId}`),
    kind: 'call-acknowledged',
    callId,
    number,
    channel,
    to,
    subject: `Your call ${number} is registered`,
    text: `${greeting}\n\nwe registered your call ${number}: "${description.slice(0, 200)}". Please quote ${number} when you contact us about it.`,
  };
}
