/**
 * ebm submit KIND FILE [flags of ebm KIND] --redis URL [--wait] [--json]: queues the command as a job for
 * `ebm worker` (possibly on other machines). The job carries the file's text and every flag (the seed too);
 * bad input is rejected here, with the local command's error and exit code 2, and nothing is queued. Prints the
 * job id; with --wait, exactly what `ebm KIND FILE ...` prints (the same JSON with --json), progress on stderr,
 * and Ctrl-C cancels the job (its best so far is printed). --split K: sample and logz --method pt run as K
 * child jobs over chain ranges, merged exactly (the same counts or estimate as one process).
 */
import { createQueueClient } from '../../queue/index.ts';
import { FILE_FLAGS, JOB_KINDS } from '../../queue/kinds.ts';
import { LOCAL_ONLY_FLAGS } from '../../queue/flags.ts';
import { rangeError } from '../../errors.ts';
import { mustStr, num, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readStdin } from '../input.ts';
import { readTextFile } from '../../data/readText.ts';
import * as lap from './lap.ts';
import * as qap from './qap.ts';
import * as maxcut from './maxcut.ts';
import * as minimize from './minimize.ts';
import * as sample from './sample.ts';
import * as logz from './logz.ts';
import * as train from './train.ts';

export const operands: readonly Operand[] = [
  { name: 'KIND', choices: JOB_KINDS, meaning: 'the command to run on a worker' },
  { name: 'FILE', meaning: 'its input file, read here and sent with the job ("-": stdin); train: its TASK (multilabel or ranking), the files named by --train, --test, --xml, --data are read here and sent' },
];

const KIND_MODULES = { lap, qap, maxcut, minimize, sample, logz, train };

/**
 * Every flag of the kinds, once by name, taken as text here: each kind's own declarations (types, choices,
 * defaults) are applied when the job is prepared, and a flag the kind does not take is bad input. Flags that
 * write a file where the command runs (--plot) are left out.
 */
const KIND_FLAGS: readonly Flag[] = (() => {
  const byName = new Map<string, { flag: Flag; kinds: string[] }>();
  for (const [kind, module] of Object.entries(KIND_MODULES)) {
    for (const flag of module.flags) {
      if (Object.hasOwn(LOCAL_ONLY_FLAGS, flag.name)) continue;
      const entry = byName.get(flag.name) ?? { flag, kinds: [] };
      entry.kinds.push(kind);
      byName.set(flag.name, entry);
    }
  }
  // Switches stay switches; every other flag is text, parsed by its kind's declaration.
  return [...byName.values()].map(({ flag, kinds }) =>
    flag.type === 'boolean' ? { name: flag.name, type: 'boolean' as const, meaning: `as in ebm ${kinds.join(', ebm ')}` } : { name: flag.name, value: flag.value ?? 'X', type: 'string' as const, meaning: `as in ebm ${kinds.join(', ebm ')}` },
  );
})();

export const flags: readonly Flag[] = [
  { name: 'redis', value: 'URL', type: 'string', required: true, meaning: 'the Redis holding the queue (redis://host:6379)' },
  { name: 'queue', value: 'NAME', type: 'string', default: 'ebm', meaning: 'queue name (the same as ebm worker --queue)' },
  { name: 'wait', type: 'boolean', meaning: 'wait for the result and print it as the local command does' },
  { name: 'split', value: 'K', type: 'number', meaning: 'sample, logz --method pt: K child jobs over the --chains C chains (same result for any K)' },
  { name: 'ttl', value: 'S', type: 'number', default: 86400, meaning: 'seconds the result is kept in Redis' },
  ...KIND_FLAGS,
];

export async function run([kind, file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const ttl = num(flags, 'ttl')!;
  if (!(ttl > 0)) throw rangeError(`Expected a number > 0 for --ttl but received ${ttl}`);
  const split = num(flags, 'split');
  // Read here with the local command's size limit and messages; the worker gets the text. Train's operand is
  // its TASK: the client reads the files its flags name.
  const text = Object.hasOwn(FILE_FLAGS, kind!) ? file! : file === '-' ? await readStdin() : readTextFile(file!, `${kind} input`);
  const given = Object.fromEntries(KIND_FLAGS.map((f) => [f.name, flags[f.name]]).filter(([, v]) => v !== undefined));
  const client = await createQueueClient({ connection: mustStr(flags, 'redis'), queue: mustStr(flags, 'queue'), resultTtlSeconds: ttl });
  try {
    const job = await client.submit(kind!, text, { file: file!, flags: given, ...(split !== undefined && { split }) });
    if (flags.wait !== true) return { json: { id: job.id, kind, queue: client.queue.name, parts: job.partIds }, text: job.id };
    const progress = context.progress(`${kind} ${file}`);
    job.on('progress', (p) => progress.update(p));
    // Ctrl-C: the worker stops the job, which completes with its best so far (printed; exit 130).
    context.interruptSignal().addEventListener('abort', () => void job.cancel().catch(() => {}), { once: true });
    return await job.result();
  } finally {
    await client.close();
  }
}
