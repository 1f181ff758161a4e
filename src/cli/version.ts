/** The package version, read from package.json: ../../ of this file both as src/cli/version.ts and as dist/cli/version.js. */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
