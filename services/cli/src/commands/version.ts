/** `cqb version`: prints the package version. */
export const summary = 'print the version of cqb-router';

export function run(): Promise<number> {
  process.stdout.write('cqb-router 0.1.0\n');
  return Promise.resolve(0);
}
