/**
 * Solvers at scale (issue 15): `npm run bench -- scale [--time S] [--seeds K]` runs the max-cut table (G1, G22,
 * G55, G70, G81 against setref) and then the QAP table (tai50a ... tai256c against qapref), each reference in
 * the same run on the same input. The two parts are bench/scaleMaxcut.ts and bench/scaleQap.ts.
 */
export async function run(args: string[]): Promise<void> {
  await (await import('./scaleMaxcut.ts')).run(args);
  await (await import('./scaleQap.ts')).run(args);
}
