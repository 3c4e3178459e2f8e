// The tenant's store as members see it: each item with words for what it gives.
import { parseTenantSettings, type StoreItem } from '@swarmhost/db';
import { AppError } from '../errors';

export interface StoreItemView {
  id: string;
  kind: StoreItem['kind'];
  name: string;
  /** What the buyer gets, in words ("10 GiB of upload credit"). */
  gives: string;
  cost: number;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function describeStoreItem(item: StoreItem): string {
  switch (item.kind) {
    case 'upload_credit':
      return `${item.gibibytes} GiB of upload credit`;
    case 'freeleech_token':
      return plural(item.tokens, 'freeleech token');
    case 'personal_freeleech':
      return `personal freeleech on every torrent for ${plural(item.hours, 'hour')}`;
    case 'invite':
      return plural(item.invites, 'invite');
    case 'custom_title':
      return 'a custom title of your choice';
  }
}

export function storeItemView(item: StoreItem): StoreItemView {
  const gives = describeStoreItem(item);
  return { id: item.id, kind: item.kind, name: item.name || gives.charAt(0).toUpperCase() + gives.slice(1), gives, cost: item.cost };
}

/** The items on sale: staff may keep an item in the settings but switched off. */
export function listStoreItems(tenant: { settings: unknown }): StoreItemView[] {
  return parseTenantSettings(tenant.settings).bonus.storeItems.filter((item) => item.enabled).map(storeItemView);
}

export function findStoreItem(tenant: { settings: unknown }, itemId: string): StoreItem {
  const item = parseTenantSettings(tenant.settings).bonus.storeItems.find((candidate) => candidate.id === itemId && candidate.enabled);
  if (!item) throw new AppError('NOT_FOUND', `the store has no item "${itemId}" (it may have been removed: reload the page)`);
  return item;
}
