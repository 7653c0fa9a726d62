#!/usr/bin/env node
// Derives the provinces' geography used by the spatial weights (docs/methods.md §11) from the
// Alibaba DataV China provinces GeoJSON (GitHub lqb-zh/geojson-chinadata, file 100000_full.json,
// MIT licence; 35 features: 31 provinces, Taiwan, Hong Kong, Macao and the South China Sea line).
//
//   node scripts/build-geography.mjs <path/to/100000_full.json> [--write]
//
// Without --write it prints the three outputs; with --write it (re)writes
//   src/regions/geography.ts, fixtures/province-adjacency.csv, fixtures/province-points.csv.
// Not part of the test suite: the outputs are committed; this script documents how they were made.
//
// Queen contiguity: two provinces are neighbours when their boundaries share at least one vertex.
// The DataV boundaries are topologically clean (neighbouring provinces carry the very same vertex
// coordinates along a shared border), so exact equality of coordinates is the right test; it gives
// 68 land pairs among the 31 mainland provinces. Hainan is an island (no shared vertex); the
// Hainan–Guangdong link across the Qiongzhou Strait is added as a separate, flagged pair.
//
// Representative points: DataV's `centroid` property where present (29 provinces). Hebei and Gansu
// have none; for them the script computes the area centroid of the province's largest polygon in
// Web Mercator (EPSG:3857) and projects it back to lon/lat. That is the convention DataV's own
// centroids follow: recomputed this way, 28 of the 29 published centroids agree to within 0.001°
// (the script prints the check); only Inner Mongolia differs (by 0.23° lon, 0.14° lat).
import { readFileSync, writeFileSync } from 'node:fs';

/** GB/T 2260 code → canonical short name, in code order (the order of every output). */
const SHORT_NAMES = new Map([
  ['110000', '北京'], ['120000', '天津'], ['130000', '河北'], ['140000', '山西'], ['150000', '内蒙古'],
  ['210000', '辽宁'], ['220000', '吉林'], ['230000', '黑龙江'], ['310000', '上海'], ['320000', '江苏'],
  ['330000', '浙江'], ['340000', '安徽'], ['350000', '福建'], ['360000', '江西'], ['370000', '山东'],
  ['410000', '河南'], ['420000', '湖北'], ['430000', '湖南'], ['440000', '广东'], ['450000', '广西'],
  ['460000', '海南'], ['500000', '重庆'], ['510000', '四川'], ['520000', '贵州'], ['530000', '云南'],
  ['540000', '西藏'], ['610000', '陕西'], ['620000', '甘肃'], ['630000', '青海'], ['640000', '宁夏'],
  ['650000', '新疆'],
]);
const STRAIT_LINK = ['海南', '广东'];

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--'));
const write = args.includes('--write');

function polygonsOf(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`unexpected geometry type ${geometry.type}`);
}

const EARTH = 6378137;
const RAD = Math.PI / 180;
const toMercator = ([lon, lat]) => [lon * RAD * EARTH, EARTH * Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];
const fromMercator = ([x, y]) => [x / EARTH / RAD, (2 * Math.atan(Math.exp(y / EARTH)) - Math.PI / 2) / RAD];

/** Signed area and first moments of a closed ring (shoelace). */
function ringMoments(ring) {
  let area = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    mx += (x0 + x1) * cross;
    my += (y0 + y1) * cross;
  }
  return { area: area / 2, mx: mx / 6, my: my / 6 };
}

/** Area centroid (in Web Mercator, returned as lon/lat) of the largest polygon; holes subtract. */
function largestPolygonCentroid(geometry) {
  let best = null;
  for (const polygon of polygonsOf(geometry)) {
    let area = 0;
    let mx = 0;
    let my = 0;
    for (const ring of polygon) {
      const m = ringMoments(ring.map(toMercator));
      area += m.area;
      mx += m.mx;
      my += m.my;
    }
    if (best === null || Math.abs(area) > Math.abs(best.area)) best = { area, x: mx / area, y: my / area };
  }
  return fromMercator([best.x, best.y]);
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;

function main(file) {
  const geojson = JSON.parse(readFileSync(file, 'utf8'));
  const features = geojson.features.filter((f) => SHORT_NAMES.has(String(f.properties.adcode)));
  if (features.length !== SHORT_NAMES.size) throw new Error(`expected 31 provinces, found ${features.length}`);
  const order = [...SHORT_NAMES.values()];
  const nameOf = (f) => SHORT_NAMES.get(String(f.properties.adcode));

  // vertex "lon,lat" → provinces whose boundary has it
  const byVertex = new Map();
  for (const f of features) {
    for (const polygon of polygonsOf(f.geometry))
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          const key = `${lon},${lat}`;
          let set = byVertex.get(key);
          if (!set) byVertex.set(key, (set = new Set()));
          set.add(nameOf(f));
        }
  }
  const shared = new Map();
  for (const set of byVertex.values()) {
    const names = [...set].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const key = `${names[i]},${names[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  const pairs = [...shared.keys()]
    .map((k) => k.split(','))
    .sort((p, q) => order.indexOf(p[0]) - order.indexOf(q[0]) || order.indexOf(p[1]) - order.indexOf(q[1]));
  const fewest = Math.min(...shared.values());
  process.stderr.write(`${pairs.length} land pairs; the fewest shared vertices of a pair: ${fewest}\n`);
  if (pairs.length !== 68) process.stderr.write('warning: expected 68 land pairs\n');
  if (pairs.some(([a, b]) => a === '海南' || b === '海南')) throw new Error('Hainan unexpectedly touches a province');

  const points = [];
  for (const name of order) {
    const f = features.find((g) => nameOf(g) === name);
    const computed = largestPolygonCentroid(f.geometry);
    const given = f.properties.centroid;
    if (Array.isArray(given)) {
      const dLon = computed[0] - given[0];
      const dLat = computed[1] - given[1];
      process.stderr.write(`${name}: DataV centroid ${given.join(', ')}; recomputed differs by ${dLon.toFixed(5)}°, ${dLat.toFixed(5)}°\n`);
      points.push({ region: name, lon: given[0], lat: given[1], source: 'centroid' });
    } else {
      process.stderr.write(`${name}: no DataV centroid; computed ${computed.map(round6).join(', ')}\n`);
      points.push({ region: name, lon: round6(computed[0]), lat: round6(computed[1]), source: 'computed' });
    }
  }

  const adjacencyCsv = ['from,to', ...pairs.map((p) => p.join(',')), STRAIT_LINK.join(',')].join('\n') + '\n';
  const pointsCsv = ['region,lon,lat,source', ...points.map((p) => `${p.region},${p.lon},${p.lat},${p.source}`)].join('\n') + '\n';
  const ts = module(pairs, points);
  if (write) {
    writeFileSync(new URL('../src/regions/geography.ts', import.meta.url), ts);
    writeFileSync(new URL('../fixtures/province-adjacency.csv', import.meta.url), adjacencyCsv);
    writeFileSync(new URL('../fixtures/province-points.csv', import.meta.url), pointsCsv);
    process.stderr.write('wrote src/regions/geography.ts, fixtures/province-adjacency.csv, fixtures/province-points.csv\n');
  } else {
    process.stdout.write(`${ts}\n--- province-adjacency.csv\n${adjacencyCsv}\n--- province-points.csv\n${pointsCsv}`);
  }
}

function module(pairs, points) {
  const lines = [];
  for (let i = 0; i < pairs.length; i += 6)
    lines.push('  ' + pairs.slice(i, i + 6).map(([a, b]) => `['${a}', '${b}']`).join(', ') + ',');
  const pointLines = points.map((p) => `  { region: '${p.region}', lon: ${p.lon}, lat: ${p.lat}, source: '${p.source}' },`);
  return `/**
 * The 31 mainland provinces' geography for spatial weights (docs/methods.md §11). Plain data,
 * generated by scripts/build-geography.mjs from the Alibaba DataV provinces GeoJSON (GitHub
 * lqb-zh/geojson-chinadata, 100000_full.json, MIT licence); see fixtures/README.md. Do not edit by
 * hand: rerun the script.
 *
 * Names are canonical short names; pairs are listed once, in GB/T 2260 code order.
 */

/** A province's representative point: DataV's \`centroid\`, or (Hebei, Gansu) the area centroid of its largest polygon computed in Web Mercator. */
export interface ProvincePoint {
  region: string;
  /** Longitude, degrees east. */
  lon: number;
  /** Latitude, degrees north. */
  lat: number;
  source: 'centroid' | 'computed';
}

/**
 * Queen contiguity over land: the pairs of provinces whose boundaries share at least one vertex
 * (${pairs.length} pairs; Hainan has none).
 * @example LAND_CONTIGUITY.length // => ${pairs.length}
 */
export const LAND_CONTIGUITY: readonly (readonly [string, string])[] = [
${lines.join('\n')}
];

/**
 * Links across water added by the \`queen\` weights and left out by \`queen-strict\`: Hainan–Guangdong
 * across the Qiongzhou Strait, the usual convention in Chinese studies.
 * @example STRAIT_LINKS // => [['${STRAIT_LINK[0]}', '${STRAIT_LINK[1]}']]
 */
export const STRAIT_LINKS: readonly (readonly [string, string])[] = [['${STRAIT_LINK[0]}', '${STRAIT_LINK[1]}']];

/**
 * One representative point per province, in GB/T 2260 code order.
 * @example PROVINCE_POINTS[0] // => { region: '北京', lon: ${points[0].lon}, lat: ${points[0].lat}, source: 'centroid' }
 */
export const PROVINCE_POINTS: readonly ProvincePoint[] = [
${pointLines.join('\n')}
];
`;
}

if (!path) {
  process.stderr.write('usage: node scripts/build-geography.mjs <100000_full.json> [--write]\n');
  process.exitCode = 2;
} else {
  main(path);
}
