// Every Meilisearch write is a task: wait for it and fail loudly when it fails, so a
// BullMQ job (or the reindex command) sees the failure and retries.
import type { EnqueuedTaskPromise, Task } from 'meilisearch';

export async function completed(what: string, enqueued: EnqueuedTaskPromise, timeoutMs: number, tolerated: readonly string[] = []): Promise<Task> {
  const task = await enqueued.waitTask({ timeout: timeoutMs, interval: 50 });
  if (task.status === 'succeeded' || (task.error && tolerated.includes(task.error.code))) return task;
  throw new Error(`meilisearch: ${what} ended ${task.status}: ${task.error?.message ?? 'no reason given'} (${task.error?.code ?? 'no code'})`);
}

/** How many documents a delete-by-filter task removed (0 when Meilisearch does not say). */
export function deletedCount(task: Task): number {
  return task.details && 'deletedDocuments' in task.details ? Number(task.details.deletedDocuments ?? 0) : 0;
}
