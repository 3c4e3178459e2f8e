// Socket.io room names shared by the tracker, worker, web app and realtime gateway,
// so a publisher and a subscriber can never disagree on a spelling.
export const rooms = {
  tenantDashboard: (tenantId: string) => `tenant:${tenantId}:dashboard`,
  torrent: (tenantId: string, torrentId: string) => `tenant:${tenantId}:torrent:${torrentId}`,
  chat: (tenantId: string, roomId: string) => `tenant:${tenantId}:chat:${roomId}`,
  member: (tenantId: string, memberId: string) => `tenant:${tenantId}:member:${memberId}`,
  operators: () => 'operators',
} as const;
