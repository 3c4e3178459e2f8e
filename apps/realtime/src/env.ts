// The gateway's environment, parsed once at boot by @swarmhost/config (a bad value
// stops the process with a message naming the variable).
import { loadRealtimeConfig, type RealtimeConfig } from '@swarmhost/config';

export type RealtimeEnv = RealtimeConfig;

export function loadRealtimeEnv(): RealtimeEnv {
  return loadRealtimeConfig();
}
