// Build-time flags Next.js inlines (NODE_ENV); everything else comes from src/server/env.ts.
export const isDevelopment = process.env.NODE_ENV !== 'production';
