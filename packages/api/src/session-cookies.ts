// Starting a signed-in session sets the host's own cookie (no Domain attribute, so a
// session on demo.localhost never reaches films.localhost or the console).
import { createMemberSession, createOperatorSession } from '@swarmhost/domain';
import { MEMBER_COOKIE, OPERATOR_COOKIE, type ApiContext } from './context';

export async function signInMember(context: ApiContext, tenantId: string, memberId: string): Promise<void> {
  const session = await createMemberSession({ tenantId, memberId, userAgent: context.request.userAgent, ip: context.request.ip });
  context.cookies.set(MEMBER_COOKIE, session.token, session.expiresAt);
}

export async function signInOperator(context: ApiContext, operatorId: string): Promise<void> {
  const session = await createOperatorSession(context.services.redis, operatorId);
  context.cookies.set(OPERATOR_COOKIE, session.token, session.expiresAt);
}
