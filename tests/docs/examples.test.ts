import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Every `@example <expression> // => <value>` in a doc comment under src/ is executed here: the
 * expression is evaluated with the module's own exports in scope, and must equal the value. A doc
 * comment that teaches a wrong result fails the suite.
 */
const EXAMPLE = /@example\s+(.+?)\s+\/\/\s*=>\s*(.+?)\s*(?:\*\/\s*)?$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const examples = sourceFiles(join(ROOT, 'src')).flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ file, line: i + 1, match: EXAMPLE.exec(line) }))
    .filter((e) => e.match !== null)
    .map((e) => ({ file: e.file, line: e.line, expression: e.match![1], expected: e.match![2] })),
);

describe('doc comment examples', () => {
  it('there are examples to run (the scan finds them)', () => {
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples.map((e) => [`${relative(ROOT, e.file)}:${e.line}: ${e.expression}`, e] as const))('%s', async (_, example) => {
    const module = (await import(example.file)) as Record<string, unknown>;
    const names = Object.keys(module).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
    const actual = new Function(...names, `return (${example.expression});`)(...names.map((n) => module[n]));
    const expected = new Function(`return (${example.expected});`)();
    expect(actual).toEqual(expected);
  });
});
