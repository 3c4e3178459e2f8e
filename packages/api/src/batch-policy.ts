// Which tRPC requests the HTTP route refuses before any procedure runs. A batch runs its
// calls concurrently, so it would let one request try many passwords or codes at once:
// batches are capped at MAX_BATCH_CALLS, and sign-in procedures are never batched. The
// site's own client sends one call per request.

/** The most calls one batched request may carry. */
export const MAX_BATCH_CALLS = 10;

/** Procedures that check a password, a code or a passkey, or start a login: one per request. */
const UNBATCHED = new Set(['operator.login', 'operator.secondFactor', 'signup.createAccount', 'signup.redeemLoginLink']);
const UNBATCHED_ROUTERS = ['auth.'];

function isUnbatched(path: string): boolean {
  return UNBATCHED.has(path) || UNBATCHED_ROUTERS.some((prefix) => path.startsWith(prefix));
}

/**
 * Why a request to `/api/trpc/<paths>` is refused, or null when it may run. `paths` is the
 * route's path part (comma-separated in a batch); `batch` whether `?batch=1` was given.
 */
export function batchRefusal(paths: string, batch: boolean): string | null {
  if (!batch) return null;
  const calls = paths.split(',');
  if (calls.length > MAX_BATCH_CALLS) {
    return `a batch may hold at most ${MAX_BATCH_CALLS} calls (this one has ${calls.length}); send fewer calls per request`;
  }
  const signIn = calls.find(isUnbatched);
  if (signIn) return `${signIn} cannot be batched; send it as a request of its own`;
  return null;
}
