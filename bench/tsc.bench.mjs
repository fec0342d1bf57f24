// `tsc --noEmit` on this project: TypeScript 7 (the native compiler, `typescript`) beside 5.9
// (`typescript-api`, the alias the tests read TypeScript's API through), alternating round by
// round (the order flips each round), so the ratio is side by side on a shared, noisy machine.
// Wall time and CPU time (user + system, from /usr/bin/time when it is there) per run.
// Usage: node bench/tsc.bench.mjs [rounds=5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`tsc.bench: give the rounds as a whole number >= 1, not ${process.argv[2]}`);
  process.exit(2);
}

const compilers = [
  { name: 'TypeScript 5.9', pkg: 'typescript-api' },
  { name: 'TypeScript 7', pkg: 'typescript' },
];
for (const c of compilers) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', c.pkg, 'package.json'), 'utf8'));
  c.version = pkg.version;
  c.tsc = join(root, 'node_modules', c.pkg, 'bin', 'tsc');
  c.wall = [];
  c.cpu = [];
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'vcc-tsc-bench-'));

/** One `tsc --noEmit`: wall ms, and CPU ms (user + system) when /usr/bin/time measures it. */
function once(c) {
  const timeFile = join(scratch, 'time');
  const args = [process.execPath, c.tsc, '--noEmit'];
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', '%U %S', '-o', timeFile, ...args], { cwd: root, stdio: 'pipe' })
    : spawnSync(args[0], args.slice(1), { cwd: root, stdio: 'pipe' });
  const wall = performance.now() - t0;
  if (r.status !== 0) {
    console.error(`${c.name}: tsc --noEmit exited ${r.status}\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  const cpu = gnuTime
    ? readFileSync(timeFile, 'utf8')
        .trim()
        .split('\n')
        .at(-1)
        .split(' ')
        .reduce((s, x) => s + Number(x) * 1000, 0)
    : Number.NaN;
  return { wall, cpu };
}

console.log(`tsc --noEmit, ${rounds} rounds, alternating (the order flips each round)`);
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? compilers : [...compilers].reverse();
  const line = [];
  for (const c of order) {
    const { wall, cpu } = once(c);
    c.wall.push(wall);
    c.cpu.push(cpu);
    line.push(`${c.name} ${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU`);
  }
  console.log(`round ${i + 1}: ${line.join('; ')}`);
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const [old, now] = compilers;
for (const c of compilers)
  console.log(
    `${c.name} (${c.version}): median ${(median(c.wall) / 1000).toFixed(2)} s wall, ${(median(c.cpu) / 1000).toFixed(2)} s CPU`,
  );
const perRound = now.wall.map((w, i) => (w / old.wall[i]).toFixed(2)).join(', ');
console.log(
  `TypeScript 7 / 5.9, wall: ${(median(now.wall) / median(old.wall)).toFixed(2)} of the medians (rounds ${perRound}); CPU: ${(median(now.cpu) / median(old.cpu)).toFixed(2)}`,
);
