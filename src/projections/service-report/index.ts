export { serviceReportProjection } from './projection.js';
export {
  SERVICE_REPORT_PROJECTION,
  noEscalations,
  type CoverageSplit,
  type Escalations,
  type WeekDocument,
} from './documents.js';
export { noSplit } from './billed-work.js';
export { reportStatuses, type ReportStatus } from './call-facts.js';
export {
  serviceReport,
  DEFAULT_WEEKS,
  MAX_WEEKS,
  type ServiceReport,
  type ServiceReportQuery,
  type BacklogWeek,
  type ServiceLevelWeek,
  type WorkWeek,
} from './query.js';
export { weekOfDay, weekOfInstant, isoWeekName } from './weeks.js';
