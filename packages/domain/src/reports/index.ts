// Reports (issue 15): members report what they can see; staff work the queue.
export { fileReport, REPORT_REASON_MAX, REPORT_REASON_MIN, REPORTS_PER_HOUR, type FiledReport, type FileReportOptions } from './file-report';
export { REPORT_TARGET_TYPES, reportTargetHref, resolveReportTarget, type ReportTargetType, type ReportViewer } from './report-targets';
export {
  assignReport,
  countOpenReports,
  listOwnReports,
  listReports,
  REPORT_NOTE_MAX,
  REPORT_NOTE_MIN,
  REPORT_PAGE_SIZE,
  REPORT_STATUSES,
  reopenReport,
  setReportStatus,
  type ReportStaffContext,
  type ReportStatus,
  type ReportView,
} from './staff-reports';
