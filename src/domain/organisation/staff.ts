import { DomainError } from '../shared/errors.js';
import { localDateOf } from '../calendar/zone.js';
import { engineerAsOf, type Engineer, type EngineerState } from '../engineer/state.js';
import { organisationTimeZone, type Organisation } from './state.js';

/**
 * C2: an organisation whose groups name members knows its engineers: those members, and the
 * engineers master data defines (`record`). An engineer it knows in neither way is a typo or
 * someone nobody registered, and is refused. One whose groups name nobody (an embedding
 * application that staffs elsewhere) constrains no one, as one without groups routes anywhere.
 * `when` is the instant the engineer takes the call or the work (judged on the organisation's
 * day then), or the day itself: a booking's work date, a visit's day.
 */
export function ensureKnownEngineer(
  organisation: Organisation,
  engineer: string,
  record: EngineerState | undefined,
  when: Date | string,
): void {
  if (record) return ensureOnStaff(organisation, engineer, record, when);
  ensureNamedByGroups(organisation, engineer);
}

/** An engineer master data does not define is known as a member of a group, where groups name members. */
export function ensureNamedByGroups(organisation: Organisation, engineer: string): void {
  const groups = Object.values(organisation.groups);
  if (!groups.some((group) => group.members.length > 0)) return;
  if (groups.some((group) => group.members.includes(engineer))) return;
  throw new DomainError(
    'EngineerNotFound',
    `No engineer ${engineer}: not defined in master data (DefineEngineer) nor among the members of a group`,
    { engineer },
  );
}

/** An engineer master data defines works calls only while on staff: from their first profile, until retired. */
function ensureOnStaff(
  organisation: Organisation,
  engineer: string,
  record: Engineer,
  when: Date | string,
): void {
  const day =
    typeof when === 'string' ? when : localDateOf(organisationTimeZone(organisation), when);
  if (engineerAsOf(record, day)) return;
  const retired = record.retiredFrom !== undefined && day >= record.retiredFrom;
  throw new DomainError(
    'EngineerNotOnStaff',
    `${engineer} is not on staff on ${day}: ${retired ? `retired from ${record.retiredFrom}` : `on staff from ${record.versions[0]?.from ?? 'no day yet'}`}`,
    { engineer, day },
  );
}
