import { ConfigError } from '../config.js';

/**
 * Runs a command's main function and exits with its code: 0 fine, 1 rejected files, 2 when the
 * command itself could not run (bad configuration, unreadable database).
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(2);
    },
  );
}
