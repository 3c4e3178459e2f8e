// The browser's tRPC client: same-origin POSTs to /api/trpc with the session cookie.
import type { AppRouter } from '@swarmhost/api';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';

export const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/api/trpc' })] });

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return 'something went wrong; try again';
}

/** Extra data an AppError carried (e.g. the existing torrent of a duplicate upload). */
export function errorDetails(error: unknown): Record<string, unknown> | null {
  if (error instanceof TRPCClientError) {
    const data = error.data as { details?: Record<string, unknown> | null } | undefined;
    return data?.details ?? null;
  }
  return null;
}
