import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

describe('start-up: bin/coordix.js is a plain shim', () => {
  it('only imports the compiled CLI', async () => {
    const code = readFileSync(join(ROOT, 'bin', 'coordix.js'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('//') && !line.startsWith('#!'));
    expect(code).toEqual(["import '../dist/cli/main.js';"]);
  });

  it('prints the version of package.json', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const r = await runCli(['--version'], { bin: true });
    expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, version, '']);
  });
});
