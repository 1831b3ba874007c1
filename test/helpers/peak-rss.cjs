// Preloaded (`node --require test/helpers/peak-rss.cjs ...`) into a process whose peak memory a test
// or benchmark measures: when the process exits, its peak resident set size (getrusage's ru_maxrss,
// KiB) is written to the file PEAK_RSS_FILE names. Node's spawnSync reports no resource usage of the
// child, and /proc/<pid>/status is gone by the time spawnSync returns.
'use strict';
const fs = require('node:fs');

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      /* the measuring side says the figure is missing */
    }
  });
}
