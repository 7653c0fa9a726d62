import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Every relative import of every source file under a folder of src/, as paths from src/. */
function importsOf(folder: string): { file: string; target: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  return walk(join(ROOT, 'src', folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => ({
      file: relative(join(ROOT, 'src'), file),
      target: relative(join(ROOT, 'src'), join(file, '..', m[1])),
    })),
  );
}

const offending = (folder: string, forbidden: string[]) => importsOf(folder).filter((i) => forbidden.some((f) => i.target.startsWith(`${f}/`)));

describe('layers point one way', () => {
  it('the core imports nothing from input/, output/ or cli/', () => {
    expect(importsOf('core').length).toBeGreaterThan(20);
    expect(offending('core', ['input', 'output', 'cli'])).toEqual([]);
  });

  it('the model imports nothing from core/, output/ or cli/ (it owns the vocabulary the core uses)', () => {
    expect(offending('model', ['core', 'output', 'cli'])).toEqual([]);
  });

  it('output/ imports nothing from input/ or cli/; region names import nothing of coordix', () => {
    expect(offending('output', ['input', 'cli'])).toEqual([]);
    expect(offending('regions', ['core', 'input', 'output', 'cli', 'model'])).toEqual([]);
  });

  it('the core never touches process, console or chalk', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const impure = walk(join(ROOT, 'src', 'core')).filter((f) => /\bprocess\.|\bconsole\.|from 'chalk'|from 'node:fs'/.test(readFileSync(f, 'utf8')));
    expect(impure.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
