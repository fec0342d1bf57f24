// Loaded with `node --import` by fire.bench.mjs: writes the process's peak RSS (KiB) to the file
// named by MAX_RSS_FILE when it exits, however it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.MAX_RSS_FILE)
    writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS));
});
