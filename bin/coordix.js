#!/usr/bin/env node
// The coordix command: runs the compiled CLI (npm run build makes dist/ from src/).
import '../dist/cli/main.js';
