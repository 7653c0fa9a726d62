import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/methods.md is the users' reference for every formula. README and `--help` link to its
 * sections by anchor (docs/methods.md#6-coupling-and-coordination), so the numbered headings must
 * stay as they are, in the order of the computation; and the page must stand on its own: no link
 * or path to a file the repository does not hold, no mention of material outside the project.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const docPath = resolve(root, 'docs/methods.md');
const text = readFileSync(docPath, 'utf8');

/** The numbered sections, in order, as README and `--help` link to them. */
const SECTIONS = [
  '1. Data in',
  '2. Normalisation',
  '3. Indicator weights',
  '4. AHP',
  '5. Dimension scores and the composite index',
  '6. Coupling and coordination',
  '7. Obstacle degree',
  '8. Regional disparity',
  '9. Spatial autocorrelation',
  '10. Distribution dynamics',
  '11. The five standards',
  '12. Sensitivity analysis',
  '13. Frozen weights and bounds',
  '14. Numbers and determinism',
];

/** The text without fenced code blocks (a `#` inside a formula or YAML block is not a heading). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** Level-2 headings outside code blocks, without the `## `. */
function headings(markdown: string): string[] {
  return [...prose(markdown).matchAll(/^## (.+?)\s*$/gm)].map((m) => m[1]);
}

/**
 * GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces
 * turned into hyphens.
 */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Targets of Markdown links `[text](target)` and images, outside code blocks. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Links to files: neither a URL (scheme:) nor an anchor on the same page. */
function relativeLinks(markdown: string): string[] {
  return linkTargets(markdown).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
}

/** Anchors on the same page: `#...` targets. */
function pageAnchors(markdown: string): string[] {
  return linkTargets(markdown)
    .filter((t) => t.startsWith('#'))
    .map((t) => t.slice(1));
}

/** Repository paths written out in the text, e.g. fixtures/README.md or src/core/fsum.ts. */
function repositoryPaths(markdown: string): string[] {
  return [...markdown.matchAll(/(?<![\w./-])((?:src|docs|fixtures|tests|scripts|bin)\/[\w./-]*[\w/])/g)].map((m) => m[1]);
}

describe('the helpers of this test', () => {
  it('slug gives the anchors GitHub gives', () => {
    // GitHub: "## 6. Coupling and coordination" is linked as #6-coupling-and-coordination.
    expect(slug('6. Coupling and coordination')).toBe('6-coupling-and-coordination');
    expect(slug('References')).toBe('references');
    expect(slug('Theil T/L, σ-convergence')).toBe('theil-tl-σ-convergence');
  });

  it('headings skip code blocks', () => {
    expect(headings('## A\n```\n## not a heading\n```\n## B\n')).toEqual(['A', 'B']);
  });

  it('relative links leave out URLs and anchors', () => {
    const sample = 'see [a](../x.md), [b](https://example.org/y), [c](#z), ![d](img/p.png "t") and `[e](f.md)`';
    expect(relativeLinks(sample)).toEqual(['../x.md', 'img/p.png', 'f.md']);
    expect(pageAnchors(sample)).toEqual(['z']);
  });

  it('repository paths are found in prose and in backticks', () => {
    expect(repositoryPaths('as in `src/core/fsum.ts` and fixtures/README.md.')).toEqual(['src/core/fsum.ts', 'fixtures/README.md']);
  });
});

describe('docs/methods.md', () => {
  it('has the fourteen numbered sections in the order of the computation, then the references', () => {
    const all = headings(text);
    const numbered = all.filter((h) => /^\d+\. /.test(h));
    expect(numbered).toEqual(SECTIONS);
    expect(all.indexOf('References')).toBeGreaterThan(all.indexOf(SECTIONS[SECTIONS.length - 1]));
    expect(all[all.length - 1]).toBe('References');
  });

  it('gives each section the anchor README and --help link to', () => {
    const anchors = headings(text).map(slug);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(anchors).toContain('6-coupling-and-coordination');
    for (const [i, section] of SECTIONS.entries()) expect(slug(section).startsWith(`${i + 1}-`)).toBe(true);
  });

  it('links only to anchors that exist on the page', () => {
    const anchors = new Set(headings(text).map(slug));
    const targets = pageAnchors(text);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !anchors.has(t))).toEqual([]);
  });

  it('links only to files the repository holds', () => {
    const links = relativeLinks(text);
    const missing = links.filter((link) => {
      const file = decodeURIComponent(link.split('#')[0]);
      return file !== '' && !existsSync(resolve(dirname(docPath), file));
    });
    expect(missing).toEqual([]);
  });

  it('names only repository paths that exist', () => {
    const missing = repositoryPaths(text).filter((path) => !existsSync(resolve(root, path)));
    expect(missing).toEqual([]);
  });

  it('never points outside the project', () => {
    expect(text).not.toContain('shared/');
    expect(linkTargets(text).filter((t) => t.startsWith('/') || t.startsWith('file:'))).toEqual([]);
  });

  it('cites every work of its reference list in the text', () => {
    const [body, references] = text.split(/^## References\s*$/m);
    const authors = [...references.matchAll(/^- ([A-Z][\w-]*)/gm)].map((m) => m[1]);
    expect(authors.length).toBeGreaterThan(20);
    const uncited = authors.filter((name) => !new RegExp(`\\b${name}\\b`).test(body));
    expect(uncited).toEqual([]);
  });
});
