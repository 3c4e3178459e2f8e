// user:create and user:rotate-passkey.
import { announceUrl, createMember, MEMBER_ROLES, rotatePasskey } from '@swarmhost/domain';
import { z } from 'zod';
import { defineCommand } from '../command';
import { cliEnv, db, publisher } from '../context';

const required = () => z.string({ message: 'is required' });

export const userCreate = defineCommand({
  name: 'user:create',
  summary: "create a member and print the member's passkey and announce URL",
  usage: '--tenant S --username U --email E --password P [--role member|staff|admin]',
  options: z.object({
    tenant: required(),
    username: required(),
    email: required(),
    password: required(),
    role: z.enum(MEMBER_ROLES, { message: 'must be member, staff or admin' }).default('member'),
  }),
  async run(options) {
    const member = await createMember({
      db: db(),
      tenantSlug: options.tenant,
      username: options.username,
      email: options.email,
      password: options.password,
      role: options.role,
    });
    const url = announceUrl(cliEnv().PUBLIC_TRACKER_URL, member.passkey);
    return {
      data: { member: { ...member, announceUrl: url } },
      text: `created ${member.role} "${member.username}" in ${options.tenant}\n  passkey:      ${member.passkey}\n  announce URL: ${url}`,
    };
  },
});

export const userRotatePasskey = defineCommand({
  name: 'user:rotate-passkey',
  summary: "give a member a new passkey; the old one is refused at once",
  usage: '--tenant S --username U',
  options: z.object({ tenant: required(), username: required() }),
  async run(options) {
    const rotated = await rotatePasskey({
      db: db(),
      publisher: publisher(),
      tenantSlug: options.tenant,
      username: options.username,
    });
    const url = announceUrl(cliEnv().PUBLIC_TRACKER_URL, rotated.passkey);
    return {
      data: { member: { id: rotated.memberId, username: rotated.username, passkey: rotated.passkey, announceUrl: url } },
      text: `new passkey for "${rotated.username}": ${rotated.passkey}\n  announce URL: ${url}\n  the old passkey no longer works`,
    };
  },
});
