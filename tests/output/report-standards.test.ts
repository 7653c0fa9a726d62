import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/pipeline.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { loadModel } from '../../src/model/load.js';
import { escapeHtml, renderReport } from '../../src/output/report.js';
import { fiveStandardsHtml } from '../../src/output/report-standards.js';
import { standardsColumns } from '../../src/cli/standards-columns.js';
import { SAMPLE } from '../helpers.js';

/** The report's "Five standards" panels on the sample, and without the raw columns. */
describe('the report’s Five standards section', async () => {
  const { model } = await loadModel();
  const panel = await readPanel([SAMPLE]);
  const result = evaluate(resolveIndicators(panel, model), model);
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('has one panel per standard with the numbers the commands print', () => {
    const html = fiveStandardsHtml(result, standardsColumns(panel), { lang: 'en', year: 2019, name: (r) => r, escape: escapeHtml });
    expect([...html.matchAll(/<section id="(standard-[a-z]+)"/g)].map((m) => m[1])).toEqual(['standard-advantage', 'standard-nature', 'standard-income', 'standard-services', 'standard-balance']);
    const s = text(html);
    // structure --years 2019: Beijing is the most specialised (K 0.616)
    expect(s).toMatch(/K 北京 0\.045 0\.412 1\.550 0\.616/);
    // gap --var urban_rural_ratio --band 1:2.5: 2019 mean 2.512, Gansu widest, 15 outside
    expect(s).toMatch(/2019 2\.512 甘肃 3\.357 15/);
    // gap --var public_services --dagum: G 2019 = 0.280
    expect(s).toMatch(/2019 0\.259 0\.280/);
    // balance --of gdp --per population: H 2019 = 0.147, Beijing and Shanghai above 2
    expect(s).toMatch(/2019 0\.147 北京 2\.424, 上海 2\.280/);
  });

  it('shades a tolerable band on D in the chart of D over the years, only when given', () => {
    const trend = (band?: [number, number]) => renderReport(result, { lang: 'en', regionNames: 'as-given', band }).html.match(/<section id="trend">.*?<\/section>/s)![0];
    const banded = trend([0.5, 0.8]);
    expect(banded).toContain('<title>tolerable band [0.5, 0.8]</title>');
    expect(banded.match(/stroke-dasharray="4,3"/g)).toHaveLength(1); // one group of the two edge rules
    expect(trend()).not.toContain('tolerable band');
  });

  it('says which columns a panel needs when the input lacks them', () => {
    const html = fiveStandardsHtml(result, undefined, { lang: 'zh', year: 2019, name: (r) => r, escape: escapeHtml });
    expect(text(html)).toContain('输入中缺少：需要 va_primary, va_secondary, va_tertiary.');
    expect(text(html)).toContain('urban_income, rural_income');
    expect(text(html)).toContain('gdp, population');
    expect(text(html)).toContain('五个标准 · 4 · 基本公共服务');
  });
});
