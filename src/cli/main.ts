/**
 * The `ebm` command line. `--version` answers here without loading commander, the commands or the library
 * (it is timed against plain node start-up); everything else goes to program.ts. Exit codes: 0 success,
 * 2 bad input, 1 anything else, 130 interrupted.
 */
import { packageVersion } from './version.ts';

export async function main(argv: string[]): Promise<number> {
  // A reader that closes early (`ebm help maxcut | head -3`) is not an error: stop quietly, as Unix tools do,
  // instead of an unhandled EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  const { runCli } = await import('./program.ts');
  return runCli(argv);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
