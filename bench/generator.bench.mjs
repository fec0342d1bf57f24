// Generator throughput and memory: simulate-and-serialise N events to /dev/null, beside the
// ceiling (JSON.stringify of equivalent prebuilt events written to the same sink), for
// N = 1e5, 1e6, 1e7, each size in its own process so peak RSS is the size's own.
// Usage: node --expose-gc bench/generator.bench.mjs [sizes...]   (npm run bench builds dist/ first)
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OPTIONS = { agents: 500, duration: '30d', seed: 'bench', types: ['*'] };
const CHUNK = 1 << 16;

/** The sink both sides write to: text encoded straight into one reused 64 KiB buffer. */
function sinkWriter() {
  const fd = openSync('/dev/null', 'w');
  const buf = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  return {
    write(text) {
      if (used + text.length * 3 > CHUNK) {
        writeSync(fd, buf, 0, used);
        used = 0;
      }
      used += buf.write(text, used);
    },
    close() {
      if (used) writeSync(fd, buf, 0, used);
      closeSync(fd);
    },
  };
}

async function child(mode, n) {
  const { simulate, serializeNotification } = await import('../dist/generator/index.js');
  const sink = sinkWriter();
  let count = 0;
  let started;
  let retainedMb = 0;
  if (mode === 'generate' || mode === 'retained') {
    started = performance.now();
    for (const e of simulate(OPTIONS)) {
      sink.write(`${serializeNotification(e)}\n`);
      if (++count >= n) break;
      if (mode === 'retained' && count % 1_000_000 === 0) {
        globalThis.gc();
        retainedMb = Math.max(retainedMb, process.memoryUsage().heapUsed / 1e6);
      }
    }
  } else {
    // The ceiling: the same kind of events, built beforehand, only stringified and written.
    const prebuilt = [];
    for (const e of simulate(OPTIONS)) {
      prebuilt.push(e);
      if (prebuilt.length >= Math.min(n, 100_000)) break;
    }
    started = performance.now();
    while (count < n) {
      for (const e of prebuilt) {
        sink.write(`${JSON.stringify(e)}\n`);
        if (++count >= n) break;
      }
    }
  }
  sink.close();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      mode,
      n: count,
      seconds,
      perSecond: count / seconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      retainedMb,
    }),
  );
}

function measure(mode, n) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--child', mode, String(n)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${mode} ${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  const ns = sizes.length ? sizes : [1e5, 1e6, 1e7];
  const rows = [];
  for (const n of ns) {
    const gen = measure('generate', n);
    const ceil = measure('ceiling', n);
    rows.push({ n, gen, ceil });
    console.log(
      `n=${n.toExponential(0)}  generate ${Math.round(gen.perSecond).toLocaleString('en')} ev/s (peak RSS ${gen.maxRssMb.toFixed(0)} MB)  ` +
        `ceiling ${Math.round(ceil.perSecond).toLocaleString('en')} ev/s  ratio ${(gen.perSecond / ceil.perSecond).toFixed(2)}`,
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  console.log(
    `\nPeak RSS growth ${first.n.toExponential(0)} -> ${last.n.toExponential(0)}: ${(last.gen.maxRssMb / first.gen.maxRssMb).toFixed(2)}x (target <= 1.5x)`,
  );
  if (last.n >= 2e6) {
    const kept = measure('retained', last.n);
    console.log(
      `Retained heap (a full GC every 1e6 events, up to ${last.n.toExponential(0)}): at most ${kept.retainedMb.toFixed(1)} MB`,
    );
  }
  const worst = Math.min(...rows.map((r) => r.gen.perSecond / r.ceil.perSecond));
  console.log(`Lowest generate/ceiling ratio: ${worst.toFixed(2)} (target >= 0.50)`);
}
