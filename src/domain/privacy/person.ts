import { inTimeOrder } from '../shared/time-order.js';
import { z } from 'zod';
import type { Decider } from '../shared/decider.js';
import {
  id,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';

/**
 * A data subject's right to be forgotten (GDPR Art. 17). History is never edited: the
 * person's values stay in the log as ciphertext under their own key, and forgetting them
 * destroys that key. What is recorded here is the erasure itself (who asked, when, why),
 * without any personal data: the person is named by their subject id (`requester:<callId>`,
 * `contact:<customerId>/<contactId>`, …), built from system ids only.
 */
export const PERSON_STREAM_PREFIX = 'person-';
export const personStreamName = (person: string): string => `${PERSON_STREAM_PREFIX}${person}`;

/** A subject id: a kind, a colon, then system ids. */
export const personId = id.regex(
  /^(requester|sender|contact|customer|user):./,
  'A person: requester:<call id>, sender:<request id>, contact:<customer id>/<contact id>, customer:<customer id> or user:<user id>',
);

export const personCommandSchemas = {
  ForgetPerson: z.strictObject({
    person: personId,
    /** Why: a reference to the request (a ticket or letter number), never personal data itself. */
    reason: shortText.meta({
      description:
        'Why, as a reference to the request (e.g. a ticket number): not personal data, it is kept',
    }),
  }),
} as const;

export const personEventSchemas = {
  PersonForgotten: z.object({ at: storedInstant, person: personId, reason: shortText }),
} as const;

export type PersonCommand = CommandsOf<typeof personCommandSchemas>;
export type PersonEvent = EventsOf<typeof personEventSchemas>;

/** Only the data-protection role forgets a person: an erasure is not a service-desk task. */
export const personPermissions: Readonly<
  Record<keyof typeof personCommandSchemas, readonly Role[]>
> = {
  ForgetPerson: ['privacy-officer'],
};

export interface PersonState {
  readonly forgottenAt?: Date;
}

export const initialPersonState = (): PersonState => ({});

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  return state.forgottenAt ? state : { forgottenAt: event.data.at };
}

/** Forgetting a person already forgotten records nothing: the erasure happened once. */
export function decidePerson(command: PersonCommand, state: PersonState): PersonEvent[] {
  if (state.forgottenAt) return [];
  return [
    {
      type: 'PersonForgotten',
      data: { at: command.at, person: command.person, reason: command.reason },
    },
  ];
}

export const personDecider: Decider<PersonState, PersonCommand, PersonEvent> = {
  initialState: initialPersonState,
  decide: inTimeOrder(decidePerson, "the person's record"),
  evolve: evolvePerson,
};
