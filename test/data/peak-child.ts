/**
 * Child of test/hardening/files-bounded.test.ts: reads one file (argv: gset|dat, path) and prints the peak RSS
 * before and after, in bytes, so the parse's own peak is measured apart from the test runner's.
 */
import { readGset } from '../../src/data/gset.ts';
import { readQaplibDat } from '../../src/data/qaplib.ts';

const [kind, path] = process.argv.slice(2);
const before = process.resourceUsage().maxRSS * 1024;
const parsed = kind === 'gset' ? readGset(path!).w.length : readQaplibDat(path!).flow.length;
const after = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ before, after, entries: parsed }));
