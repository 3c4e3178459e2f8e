// Words for the ticket enums, shared by the member's and staff's pages.
export const CATEGORY_LABELS = { account: 'Account', torrents: 'Torrents', tracker_client: 'Tracker / client', economy: 'Bonus points / economy', other: 'Other' } as const;
export const PRIORITY_LABELS = { low: 'Low', normal: 'Normal', high: 'High' } as const;
export const STATUS_LABELS = { open: 'Open', waiting_on_member: 'Waiting on member', closed: 'Closed' } as const;

export type TicketCategoryName = keyof typeof CATEGORY_LABELS;
export type TicketPriorityName = keyof typeof PRIORITY_LABELS;
export type TicketStatusName = keyof typeof STATUS_LABELS;

export const PRIORITY_BADGE: Record<TicketPriorityName, string> = {
  low: 'bg-slate-100 text-slate-800',
  normal: 'bg-sky-100 text-sky-900',
  high: 'bg-red-100 text-red-900',
};
