/** ebm info: what this build can do. */
import { native } from '../../native.ts';
import { parse } from '../args.ts';
import type { CommandResult } from '../main.ts';

export const usage = 'ebm info [--json]';

export async function run(argv: string[]): Promise<CommandResult> {
  parse(argv, {});
  const i = native().info();
  const json = { ...i, node: process.version, platform: `${process.platform}-${process.arch}` };
  const text = [
    `discrete-ebm ${i.version} (node ${process.version}, ${process.platform}-${process.arch})`,
    `SIMD: ${i.simd}, ${i.simdLanesDouble} lanes (float64) / ${i.simdLanesFloat} lanes (float32, integer models)`,
    `CUDA: ${i.cudaCompiled ? 'compiled' : 'not compiled'}, ${i.cudaDevices} device(s) found`,
  ].join('\n');
  return { json, text };
}
