// The site's environment, parsed once through @swarmhost/config (the only reader of
// process.env); a bad value stops the server at start with the variable's name.
import { loadWebConfig, type WebConfig } from '@swarmhost/config';

let config: WebConfig | undefined;

export function webConfig(): WebConfig {
  config ??= loadWebConfig();
  return config;
}
