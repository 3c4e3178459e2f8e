// Chat over the socket: list rooms, join (latest 50, or what was missed after a
// reconnect), page back, send, and staff delete/mute. Every rule lives in the domain
// use cases; this file only maps requests onto them for the socket's own tenant, with
// the role the database gives the member at that moment (standing.ts), not the token's.
import {
  deleteChatMessage,
  findChatRoom,
  listChatRooms,
  loadChatHistory,
  loadChatMessagesAfter,
  muteChatMember,
  postChatMessage,
  type ChatRedis,
} from '@swarmhost/domain';
import { GATEWAY_REQUESTS, gatewayRooms, type LiveEmitter } from '@swarmhost/events';
import { z } from 'zod';
import type { Logger } from './log';
import { follow, handleRequest, tenantOf, unfollow } from './requests';
import type { GatewaySocket } from './socket-types';
import { currentRole } from './standing';

export interface ChatHandlerOptions {
  chat: ChatRedis;
  emitter: LiveEmitter;
  maxFollowed: number;
  log: Logger;
}

// Schemas are built once per process, not per socket (they weigh kilobytes each).
const roomInput = z.object({ room: z.string().min(1).max(64) });
const noInput = z.object({});
const joinInput = roomInput.extend({ after: z.string().optional() });
const historyInput = roomInput.extend({ before: z.string() });
const sendInput = roomInput.extend({ body: z.string().max(10_000) });
const deleteInput = z.object({ messageId: z.string() });
const muteInput = z.object({ memberId: z.string(), minutes: z.number(), reason: z.string().optional() });

export function registerChatHandlers(socket: GatewaySocket, options: ChatHandlerOptions): void {
  const { log } = options;
  const who = async () => {
    const role = await currentRole(socket, log);
    return { tenantId: tenantOf(socket), role, memberId: socket.data.identity.memberId };
  };

  handleRequest(socket, log, GATEWAY_REQUESTS.chatRooms, noInput, async () => {
    const { tenantId, role } = await who();
    return { rooms: await listChatRooms({ tenantId, role }) };
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatJoin, joinInput, async (input) => {
    const { tenantId, role } = await who();
    const room = await findChatRoom({ tenantId, role, slug: input.room });
    await follow(socket, gatewayRooms.chat(tenantId, room.id), options.maxFollowed);
    if (input.after !== undefined) {
      return { room, messages: await loadChatMessagesAfter({ tenantId, room, after: input.after }), nextCursor: null };
    }
    return { room, ...(await loadChatHistory({ tenantId, room })) };
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatLeave, roomInput, async (input) => {
    const { tenantId, role } = await who();
    const room = await findChatRoom({ tenantId, role, slug: input.room });
    await unfollow(socket, gatewayRooms.chat(tenantId, room.id));
    return {};
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatHistory, historyInput, async (input) => {
    const { tenantId, role } = await who();
    const room = await findChatRoom({ tenantId, role, slug: input.room });
    return { ...(await loadChatHistory({ tenantId, room, before: input.before })) };
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatSend, sendInput, async (input) => {
    const { tenantId, role, memberId } = await who();
    const message = await postChatMessage({ tenantId, authorId: memberId, role, roomSlug: input.room, body: input.body, chat: options.chat, emitter: options.emitter });
    return { message };
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatDelete, deleteInput, async (input) => {
    const { tenantId, role, memberId } = await who();
    const deleted = await deleteChatMessage({ tenantId, staffId: memberId, role, emitter: options.emitter }, input.messageId);
    return { deleted };
  });

  handleRequest(socket, log, GATEWAY_REQUESTS.chatMute, muteInput, async (input) => {
    const { tenantId, role, memberId } = await who();
    return muteChatMember({ tenantId, staffId: memberId, role, emitter: options.emitter }, input.memberId, input.minutes, input.reason);
  });
}
