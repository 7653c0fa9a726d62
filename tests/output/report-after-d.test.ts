import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { afterDSections, CLUSTER_COLORS, type AfterDRow } from '../../src/output/report-after-d.js';
import { TILE_GRID } from '../../src/output/report.js';
import { allProvinces, fourRegionOf } from '../../src/regions/names.js';
import { dagumGini } from '../../src/core/dagum.js';

const PROVINCES = allProvinces().filter((p) => p.region !== null);

function render(rows: AfterDRow[], year: number | null) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const section = (id: string, heading: string, note: string | null, body: string) => `<section id="${id}"><h2>${heading}</h2>${note ?? ''}${body}</section>`;
  return afterDSections(rows, { lang: 'en', year, tileGrid: TILE_GRID, tileLabel: (code) => code, document, section });
}

/** D rising with the row of the tile grid (north high, south low): strongly clustered. */
function panel(years: number[]): AfterDRow[] {
  return years.flatMap((year, k) =>
    PROVINCES.map((p) => ({ region: p.zh, label: p.en, year, D: 0.3 + 0.05 * (8 - TILE_GRID[p.code][0]) + 0.02 * k + 0.001 * TILE_GRID[p.code][1], group: fourRegionOf(p.zh) })),
  );
}

describe('report sections after D', () => {
  it('draws the four sections: 31 scatter dots, a LISA map, a curve per year, Dagum bars, transition cells', () => {
    const { html, warnings } = render(panel([2018, 2019, 2020]), 2020);
    expect(warnings).toEqual([]);
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    expect(Array.from(document.querySelectorAll('section'), (s) => s.id)).toEqual(['moran', 'density', 'dagum', 'transitions']);
    expect(document.querySelectorAll('#moran svg circle').length).toBe(31);
    // a north–south gradient is strongly clustered: Moran's I in the heading, HH and LL clusters on the map
    const I = Number(/Moran's I = (-?[0-9.]+)/.exec(document.querySelector('#moran h2')!.textContent!)![1]);
    expect(I).toBeGreaterThan(0.5);
    expect(html).toContain(`fill="${CLUSTER_COLORS.HH}"`);
    expect(html).toContain(`fill="${CLUSTER_COLORS.LL}"`);
    expect(document.querySelectorAll('#density svg g[aria-label="line"] path').length).toBe(3);
    // three stacked parts per year, their tooltips the decomposition's values
    expect(document.querySelectorAll('#dagum svg g[aria-label="bar"] rect').length).toBe(9);
    const members = panel([2018]).sort((a, b) => ['East', 'Central', 'West', 'Northeast'].indexOf(a.group!) - ['East', 'Central', 'West', 'Northeast'].indexOf(b.group!));
    const d = dagumGini(members.map((r) => r.D), members.map((r) => r.group!));
    expect(html).toContain(`2018 within: ${d.Gw.toFixed(4)}`);
    expect(document.querySelector('#transitions svg')).not.toBeNull();
  });

  it('leaves out what cannot be drawn, with a warning saying why', () => {
    const one = panel([2020]).slice(0, 3);
    const { html, warnings } = render(one, 2020);
    expect(html).not.toContain('id="moran"');
    expect(html).not.toContain('id="transitions"');
    expect(warnings.map((w) => w.message)).toEqual([
      'the report leaves out the Moran scatter plot: it needs at least 4 provinces with different D in 2020',
      'the report leaves out the level transition matrix: it needs two consecutive years',
    ]);
  });
});
