// Public surface for .torrent files: parse/validate v1 metainfo, rewrite for a tenant.
export { parseMetainfo } from './parse-metainfo.js';
export { personalise, rewriteForTenant } from './rewrite.js';
export type { PersonaliseOptions, RewriteForTenantOptions, RewrittenTorrent } from './rewrite.js';
export type { Metainfo, MetainfoFile, ParseMetainfoOptions } from './types.js';
