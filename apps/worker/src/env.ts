// The worker's environment, parsed once at boot by @swarmhost/config (a bad value stops
// the process with a message naming the variable).
import { loadWorkerConfig, type WorkerConfig } from '@swarmhost/config';

export type WorkerEnv = WorkerConfig;

export function loadWorkerEnv(): WorkerEnv {
  return loadWorkerConfig();
}
