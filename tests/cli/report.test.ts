/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, safeJson } from '../../src/output/report.js';
import { ROOT, runCli, SAMPLE, tempFiles } from '../helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe('coordix report', () => {
  it('writes one self-contained HTML file under 2 MB with every section, and no script to run', async () => {
    const dir = tempFiles();
    const out = join(dir, 'report.html');
    const r = await runCli(['report', SAMPLE, '-o', out], { bin: true });
    expect(r.code).toBe(0);
    // Besides the sample's one data-check warning (its SO₂ scope change in 2016).
    expect(r.stderr.split('\n').filter((line) => !line.startsWith('warning:')).join('\n')).toMatch(/^wrote .*report\.html \(\d+ KB\)\n$/);
    const html = readFileSync(out, 'utf8');
    expect(statSync(out).size).toBeLessThan(2 * 1024 * 1024);
    for (const id of ['map', 'ranking', 'trend', 'heatmap', 'disparity', 'moran', 'density', 'dagum', 'transitions', 'methods']) expect(html).toContain(`<section id="${id}">`);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    // no network: no external resources of any kind
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    // the only script element is inert data
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="coordix-data">']);
    // hover details, the tile map and the 2019 default year
    expect(html).toMatch(/<title>Beijing 2019\nD = 0\.\d{4}/);
    expect(html).toContain('Coordination level by province (2019)');
  });

  it('escapes every text from the input, in HTML, SVG and the embedded JSON', async () => {
    const evil = '<script>alert(1)</script>';
    const data = readFileSync(SAMPLE, 'utf8').replace(/^北京,/gm, `"${evil}",`).replace(/^天津,/gm, '"A&B \'q""",');
    const dir = tempFiles({ 'd.csv': data, 'm.yaml': (await runCli(['init'])).stdout.replace('label: { en: Economy, zh: 经济发展 }', `label: { en: "<b>Economy</b>", zh: 经济发展 }`) });
    const r = await runCli(['report', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-o', join(dir, 'r.html'), '--region-names', 'as-given']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/leaves 2 regions out of the NBS-region charts .*<script>alert\(1\)<\/script>, A&B 'q"/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).not.toContain(evil);
    expect(html).not.toContain('<b>Economy</b>');
    expect(html).toContain('&lt;b&gt;Economy&lt;/b&gt;');
    const json = html.slice(html.indexOf('id="coordix-data">') + 18, html.lastIndexOf('</script>'));
    expect(json).not.toMatch(/[<>]/);
    expect(JSON.parse(json).rows.map((x: { region: string }) => x.region)).toContain(evil);
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(safeJson({ s: '</script><!--\u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });

  it('takes --year and --lang, and refuses a year not in the data', async () => {
    const dir = tempFiles();
    expect((await runCli(['report', SAMPLE, '-o', join(dir, 'r.html'), '--year', '2016', '--lang', 'zh'])).code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('各省协调等级 (2016)');
    expect(html).toContain('<html lang="zh-CN">');
    const bad = await runCli(['report', SAMPLE, '-o', join(dir, 'x.html'), '--year', '2030']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--year 2030: not in the data \(years: 2015, 2016, 2017, 2018, 2019\)/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it.skipIf(!CHROMIUM)('opens in headless Chromium with every chart drawn and no console errors, and saves a screenshot', async () => {
    const { chromium } = await import('playwright-core');
    const dir = tempFiles();
    const out = join(dir, 'report.html');
    expect((await runCli(['report', SAMPLE, '-o', out])).code).toBe(0);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (req) => !req.url().startsWith('file:') && requests.push(req.url()));
      await page.goto(`file://${out}`);
      const charts = await page.evaluate(() =>
        ['map', 'ranking', 'trend', 'heatmap', 'disparity', 'moran', 'density', 'dagum', 'transitions'].map((id) => {
          // the section's largest chart (legends are small SVGs of their own)
          const svgs = Array.from(document.querySelectorAll(`#${id} svg`));
          const marks = Math.max(0, ...svgs.map((svg) => svg.querySelectorAll('rect, path, circle, text').length));
          const width = Math.max(0, ...svgs.map((svg) => svg.getBoundingClientRect().width));
          return { id, marks, width };
        }),
      );
      for (const c of charts) {
        expect(c.marks, c.id).toBeGreaterThan(10);
        expect(c.width, c.id).toBeGreaterThan(300);
      }
      expect(await page.locator('#map svg text').filter({ hasText: 'Beijing' }).count()).toBe(1);
      // after D: a dot per province in the Moran scatter, the LISA map's tiles, a density curve per year,
      // three stacked parts per year, and the level transition cells
      expect(await page.locator('#moran svg circle').count()).toBe(31);
      expect(await page.locator('#moran svg rect').count()).toBeGreaterThanOrEqual(31);
      expect(await page.locator('#density svg path[stroke]').count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#dagum svg rect').count()).toBeGreaterThanOrEqual(15);
      expect(await page.locator('#transitions svg rect').count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator('#methods table').count()).toBeGreaterThanOrEqual(2);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      const target = process.env.UPDATE_SCREENSHOT ? join(ROOT, 'docs', 'report.png') : join(ROOT, 'tests', '.out', 'report.png');
      mkdirSync(join(target, '..'), { recursive: true });
      await page.screenshot({ path: target, fullPage: true });
      expect(statSync(target).size).toBeGreaterThan(50_000);
    } finally {
      await browser.close();
    }
  });

  it.runIf(!CHROMIUM)('is skipped in the browser only when Chromium cannot be installed', () => {
    console.warn('report browser test skipped: no /usr/bin/chromium (install Debian\'s chromium package; .ci/run does so when it can)');
    expect(CHROMIUM).toBeUndefined();
  });
});

describe('score --chart', () => {
  it('draws D for the latest year as Unicode bars, aligned for Chinese names', async () => {
    const r = await runCli(['score', SAMPLE, '--chart']);
    const chart = r.stdout.slice(r.stdout.indexOf('D by region, 2019')).trim().split('\n').slice(1);
    expect(chart).toHaveLength(31);
    // every bar starts in the same terminal column: names are padded by display width
    const starts = chart.map((line) => {
      const name = line.split(/\s+/)[0];
      return [...name].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0) + line.slice(name.length).search(/\S/);
    });
    expect(new Set(starts).size).toBe(1);
  });
});
