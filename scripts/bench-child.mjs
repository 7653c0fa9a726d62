// Runs the coordix CLI (bin/coordix.js) in this process and reports its peak memory (max RSS) on
// exit. Used by scripts/bench.mjs: node scripts/bench-child.mjs score big.csv …
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`));
await import('../bin/coordix.js');
