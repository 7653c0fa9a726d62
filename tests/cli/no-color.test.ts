import { afterEach, describe, expect, it } from 'vitest';
import { commandNames, runCoordix } from '../../src/cli/program.js';
import { stdio } from '../../src/cli/stdio.js';

const { out } = stdio;
afterEach(() => Object.assign(stdio, { out }));

describe('--no-color', () => {
  it.each(commandNames())('coordix %s accepts it (in its --help)', async (name) => {
    let help = '';
    Object.assign(stdio, { out: (d: string | Uint8Array) => void (help += String(d)) });
    await runCoordix([name, '--help'], { stderr: () => {} });
    expect(help).toContain(`coordix ${name}`);
    expect(help).toContain('--no-color');
  });
});
