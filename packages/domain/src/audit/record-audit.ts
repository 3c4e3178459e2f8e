// One audit row per staff or operator action, written in the action's own transaction.
import type { TenantTransaction } from '@swarmhost/db';

export interface AuditEntry {
  tenantId: string;
  actorMemberId: string;
  action: string;
  targetType: 'torrent' | 'member' | 'comment' | 'request' | 'news' | 'api_token' | 'report' | 'ticket' | 'forum' | 'forum_topic' | 'forum_post' | 'conversation' | 'category';
  targetId: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: TenantTransaction, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorMemberId: entry.actorMemberId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: (entry.details ?? {}) as object,
    },
  });
}
