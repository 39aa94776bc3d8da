/**
 * An aggregate's rules as one value: the state before its first event, the decision
 * (command and state → the events to record, or a thrown DomainError), and the fold
 * (state and event → state). Pure: time, actor and whatever else a decision needs arrive
 * in the command.
 */
export interface Decider<State, Command, Event> {
  readonly initialState: () => State;
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  /**
   * Whether a state seldom takes another event (a closed call: its archiving or a reopening,
   * days later if ever). Not a rule, a hint for whoever keeps states at hand: keep few of these.
   */
  readonly settled?: (state: State) => boolean;
}

/** What folding a stream needs of a decider: where to start, how each event moves the state, whether it settled. */
export type Fold<State, Event> = Pick<
  Decider<State, never, Event>,
  'initialState' | 'evolve' | 'settled'
>;
