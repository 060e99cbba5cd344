import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** JSON lines on stdout: what log shippers and `journalctl` expect from a server. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
