/**
 * China's province-level divisions: one canonical record per province (and Hong Kong, Macao,
 * Taiwan), recognised from full official names, short names, English, pinyin, GB/T 2260 codes,
 * the wrong suffixes seen in real files (广西省, 新疆省) and the machine-translated English of NBS
 * exports re-saved in WPS (Mongolia for Inner Mongolia, Chongqin, Yunan). Shanxi 山西 (140000)
 * and Shaanxi 陕西 (610000) are distinct keys and never confused.
 *
 * The NBS four regions (methods.md §8): East 10, Central 6, West 12, Northeast 3; Hong Kong, Macao
 * and Taiwan belong to none.
 */

export type FourRegion = 'East' | 'Central' | 'West' | 'Northeast';

export interface Province {
  /** GB/T 2260 six-digit code, e.g. "110000". */
  code: string;
  /** Short Chinese name, e.g. 内蒙古. */
  zh: string;
  /** Official full name, e.g. 内蒙古自治区. */
  zhFull: string;
  /** English name, e.g. Inner Mongolia. */
  en: string;
  region: FourRegion | null;
}

const PROVINCES: readonly (readonly [string, string, string, string, FourRegion | null, readonly string[]])[] = [
  ['110000', '北京', '北京市', 'Beijing', 'East', ['peking']],
  ['120000', '天津', '天津市', 'Tianjin', 'East', []],
  ['130000', '河北', '河北省', 'Hebei', 'East', []],
  ['140000', '山西', '山西省', 'Shanxi', 'Central', []],
  ['150000', '内蒙古', '内蒙古自治区', 'Inner Mongolia', 'West', ['neimenggu', 'neimonggol', 'neimongol', 'innermongolia', 'mongolia']],
  ['210000', '辽宁', '辽宁省', 'Liaoning', 'Northeast', []],
  ['220000', '吉林', '吉林省', 'Jilin', 'Northeast', []],
  ['230000', '黑龙江', '黑龙江省', 'Heilongjiang', 'Northeast', []],
  ['310000', '上海', '上海市', 'Shanghai', 'East', []],
  ['320000', '江苏', '江苏省', 'Jiangsu', 'East', []],
  ['330000', '浙江', '浙江省', 'Zhejiang', 'East', []],
  ['340000', '安徽', '安徽省', 'Anhui', 'Central', []],
  ['350000', '福建', '福建省', 'Fujian', 'East', []],
  ['360000', '江西', '江西省', 'Jiangxi', 'Central', []],
  ['370000', '山东', '山东省', 'Shandong', 'East', []],
  ['410000', '河南', '河南省', 'Henan', 'Central', []],
  ['420000', '湖北', '湖北省', 'Hubei', 'Central', []],
  ['430000', '湖南', '湖南省', 'Hunan', 'Central', []],
  ['440000', '广东', '广东省', 'Guangdong', 'East', []],
  ['450000', '广西', '广西壮族自治区', 'Guangxi', 'West', ['guangxizhuang']],
  ['460000', '海南', '海南省', 'Hainan', 'East', []],
  ['500000', '重庆', '重庆市', 'Chongqing', 'West', ['chongqin']],
  ['510000', '四川', '四川省', 'Sichuan', 'West', []],
  ['520000', '贵州', '贵州省', 'Guizhou', 'West', []],
  ['530000', '云南', '云南省', 'Yunnan', 'West', ['yunan']],
  ['540000', '西藏', '西藏自治区', 'Tibet', 'West', ['xizang']],
  ['610000', '陕西', '陕西省', 'Shaanxi', 'West', []],
  ['620000', '甘肃', '甘肃省', 'Gansu', 'West', []],
  ['630000', '青海', '青海省', 'Qinghai', 'West', []],
  ['640000', '宁夏', '宁夏回族自治区', 'Ningxia', 'West', ['ningxiahui']],
  ['650000', '新疆', '新疆维吾尔自治区', 'Xinjiang', 'West', ['xinjianguygur', 'xinjianguyghur', 'xinjiangweiwuer']],
  ['710000', '台湾', '台湾省', 'Taiwan', null, []],
  ['810000', '香港', '香港特别行政区', 'Hong Kong', null, ['hongkongsar', 'xianggang']],
  ['820000', '澳门', '澳门特别行政区', 'Macao', null, ['macau', 'macaosar', 'aomen']],
];

const PINYIN: Record<string, string> = { '140000': 'shanxi', '610000': 'shaanxi' };

/** Suffixes stripped from Chinese names, longest first, so 广西壮族自治区 and 广西省 both give 广西. */
const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市'];

const byKey = new Map<string, Province>();
const byCode = new Map<string, Province>();

for (const [code, zh, zhFull, en, region, aliases] of PROVINCES) {
  const province: Province = Object.freeze({ code, zh, zhFull, en, region });
  byCode.set(code, province);
  const keys = [code, zh, zhFull, latinKey(en), PINYIN[code] ?? latinKey(en), ...aliases];
  for (const key of keys) byKey.set(key, province);
}

function latinKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-'’.·]+/g, '').replace(/(province|municipality|autonomousregion|sar)$/u, '');
}

/**
 * The province a name denotes, or null for anything else (cities, counties, typos we do not know).
 * @example findProvince('内蒙古自治区')?.code // => '150000'
 * @example findProvince('Shaanxi')?.zh // => '陕西'
 */
export function findProvince(name: string): Province | null {
  const text = name.normalize('NFKC').trim();
  if (text === '') return null;
  const direct = byKey.get(text);
  if (direct) return direct;
  if (/^[0-9]{6}$/.test(text)) return byCode.get(text) ?? null;
  if (/[\u4e00-\u9fff]/u.test(text)) {
    let stem = text.replace(/\s+/g, '');
    for (let changed = true; changed; ) {
      changed = false;
      for (const suffix of SUFFIXES) {
        if (stem.length > suffix.length && stem.endsWith(suffix)) {
          stem = stem.slice(0, -suffix.length);
          changed = true;
        }
      }
    }
    return byKey.get(stem) ?? null;
  }
  return byKey.get(latinKey(text)) ?? null;
}

export type RegionNameStyle = 'as-given' | 'zh' | 'zh-full' | 'en' | 'code';

/** The printed name of a region in a chosen style; names that are not provinces print as given. */
export function displayRegionName(name: string, style: RegionNameStyle): string {
  if (style === 'as-given') return name;
  const province = findProvince(name);
  if (!province) return name;
  switch (style) {
    case 'zh':
      return province.zh;
    case 'zh-full':
      return province.zhFull;
    case 'en':
      return province.en;
    case 'code':
      return province.code;
  }
}

/** The NBS four-region group of a name, or null when it is not one of the 31 mainland provinces. */
export function fourRegionOf(name: string): FourRegion | null {
  return findProvince(name)?.region ?? null;
}

export const FOUR_REGIONS: readonly FourRegion[] = ['East', 'Central', 'West', 'Northeast'];

/** All 34 records, in GB/T 2260 code order. */
export function allProvinces(): readonly Province[] {
  return [...byCode.values()];
}
