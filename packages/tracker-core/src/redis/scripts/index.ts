// The scripts RedisStore runs, compiled once per process (their SHA1 is computed here).
import { LuaScript } from '../lua-script.js';
import { ANNOUNCE_LUA } from './announce-script.js';
import { CLAIM_LUA, MOVE_LUA } from './drain-scripts.js';
import { REAP_LUA, SCRAPE_LUA, UNINDEX_IF_DUE_LUA } from './maintenance-scripts.js';

export const SCRIPTS = {
  announce: new LuaScript('announce', ANNOUNCE_LUA),
  scrape: new LuaScript('scrape', SCRAPE_LUA),
  reap: new LuaScript('reap', REAP_LUA),
  unindexIfDue: new LuaScript('unindexIfDue', UNINDEX_IF_DUE_LUA),
  claim: new LuaScript('claim', CLAIM_LUA),
  move: new LuaScript('move', MOVE_LUA),
} as const;

export { ANNOUNCE_STATUS } from './announce-script.js';
