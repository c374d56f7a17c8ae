import { resolve } from 'node:path';
import { COMMANDS } from './commands';
import { runCommand } from './run';

declare const __APOSTIL_VERSION__: string;

/** The application root: two levels above `dist/cli/apostil.js`. */
function appRoot(): string {
  return resolve(__dirname, '..', '..');
}

/** Runs the CLI; resolves to the process exit code. Each command is a row of the table in `commands/index.ts`. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  return (await runCommand(COMMANDS, argv, { out, err, root: appRoot() }, __APOSTIL_VERSION__)) ?? 2;
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`apostil: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
