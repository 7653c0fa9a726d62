// Runs the coordix CLI (bin/coordix.js) in this process and reports its peak memory (max RSS) on
// exit. Used by scripts/bench.mjs: node scripts/bench-child.cjs score big.csv …
// CommonJS like the CLI's own start, so that no ES-module loader is started that coordix does not start.
'use strict';
const { writeSync } = require('node:fs');
process.on('exit', () => writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`));
require('../bin/coordix.js');
