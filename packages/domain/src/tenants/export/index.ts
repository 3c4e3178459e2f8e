// Tenant export (issue 14): the console asks, the worker builds, the owner downloads.
export { buildNextTenantExport, expireTenantExports, EXPORT_CHUNK_BYTES, EXPORT_VALID_MS } from './build-tenant-export';
export { createExportDownloadToken, listTenantExports, openExportDownload, requestTenantExport, type ExportSummary, type OpenedExport } from './tenant-exports';
export { EXPORT_TABLES, ROWS_PER_PART } from './export-tables';
