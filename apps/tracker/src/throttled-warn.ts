// Refusals are logged at warn, but a flood of bad requests must not become a flood of
// log lines: at most `perSecond` lines a second, then one line with the count.
import type { Logger } from './log';

/** `fields` may be a function: it is called only for lines actually written (a flood's suppressed lines cost nothing). */
export type ThrottledWarn = (message: string, fields: Record<string, unknown> | (() => Record<string, unknown>)) => void;

export function throttledWarn(log: Logger, perSecond: number, now: () => number = Date.now): ThrottledWarn {
  let windowStart = 0;
  let lines = 0;
  let suppressed = 0;
  return (message, fields) => {
    const at = now();
    if (at - windowStart >= 1000) {
      if (suppressed > 0) log.warn('refused requests not logged in the last second', { suppressed });
      windowStart = at;
      lines = 0;
      suppressed = 0;
    }
    if (lines < perSecond) {
      lines += 1;
      log.warn(message, typeof fields === 'function' ? fields() : fields);
    } else {
      suppressed += 1;
    }
  };
}
