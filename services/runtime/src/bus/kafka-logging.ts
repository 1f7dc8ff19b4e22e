import { logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';
import type { Logger } from '../logging/logger.js';

/**
 * Routes kafkajs's own log lines to pino at warn. kafkajs logs routine events (rebalances,
 * retried requests) at error; the bus reports real failures itself, so these stay at warn.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      if (level > logLevel.WARN) return;
      const { message, error, groupId, topic } = log as Record<string, unknown>;
      logger.warn({ namespace, kafkaMessage: message, error, groupId, topic }, 'kafkajs');
    };
}
