// The shared JSON logger (packages/log), re-exported for this app's modules.
export { createLogger, exitOnSignals, type Logger, type LogLevel } from '@swarmhost/log';
