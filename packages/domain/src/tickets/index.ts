// Support tickets (issue 15): member ↔ staff threads with a category and a priority.
export { countOpenTickets, listTickets, TICKET_PAGE_SIZE, updateTicket, type ListTicketsOptions, type UpdateTicketOptions } from './staff-tickets';
export { getTicket, listOwnTickets, openTicket, replyToTicket, type OpenTicketOptions, type ReplyToTicketOptions } from './ticket-thread';
export {
  TICKET_BODY_MAX,
  TICKET_CATEGORIES,
  TICKET_CATEGORY_LABELS,
  TICKET_PRIORITIES,
  TICKET_REPLIES_PER_HOUR,
  TICKET_STATUSES,
  TICKET_SUBJECT_MAX,
  TICKET_SUBJECT_MIN,
  TICKETS_PER_DAY,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
} from './ticket-rules';
