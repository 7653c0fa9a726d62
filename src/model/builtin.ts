/**
 * The built-in five-dimension model, as the commented YAML that `coordix init` writes. It is the
 * single source: the loader parses this text when no `-m` is given. Its indicators match the
 * bundled sample fixtures/china-provinces.csv (see fixtures/README.md for sources and stand-ins).
 */
export const BUILTIN_MODEL_YAML = `# coordix model: China provinces, five dimensions of coordinated development.
# Every key is optional except dimensions; the values shown for the settings are the defaults.
# Formulas and conventions: README "Method" (docs: methods.md of the coordix project).
name: China provinces, five dimensions

# Input columns holding the region and the year (omit the year column for one cross-section).
columns: { region: region, year: year }

# Normalisation. method: min-max (default), none (values already scores in [0, 1]) or vector
# (z = x / sqrt(sum x^2), classic TOPSIS). range [a, b] (min-max only; default [0, 1]) rescales every
# z to a + (b - a) z for every later step. This model uses [0.01, 0.99] (not the default), as
# SPSSAU's coupling tool does: with [0, 1] the region-year worst on every indicator of a dimension
# gets U = 0, so its C = 0 and D = 0 whatever its other dimensions; [0.01, 0.99] keeps every U > 0.
# scope: pooled (min/max over all region-years, comparable across years) or per-year. shift: a
# constant added to z before the entropy step only (0.0001, 0.001, 0.01 are common in the
# literature to avoid ln 0; coordix defines 0 * ln 0 = 0, so 0 is safe).
normalization: { method: min-max, range: [0.01, 0.99], scope: pooled, shift: 0 }

# indicators: entropy | critic | sd | variance | cv | equal | manual | ahp | combined (two of
# them, see "combine"); dimensions: equal | manual | entropy | ahp. entropy: { basis: raw } takes
# the entropy on raw proportions x / sum x instead of the scores z.
weights: { indicators: entropy, dimensions: equal }

# classic: C = K (prod U)^(1/K) / sum U;  wang2021: Wang Shujia et al. 2021;  fan: 1 - 2 sd(U).
# { model: classic, k: 2 } raises C = prod U / (mean U)^K to the power k (classic only).
coupling: classic

# weighted-sum (U = sum w z) or topsis (relative closeness inside each dimension)
aggregation: weighted-sum

# Used when weights.indicators is combined: of [A, B] (default [ahp, entropy]), multiplicative, or
# linear with alpha (the share of A).
combine: { method: multiplicative, alpha: 0.5 }

# Custom coordination levels instead of the ten built-in ones, e.g.
# levels: { bounds: [0.3, 0.5, 0.8], names: { en: [low, fair, good, high], zh: [低, 中, 良, 高] } }

# AHP judgements (Saaty 1-9 scale), needed only by weights ahp / combined. Example:
# ahp:
#   method: eigen          # eigen | geometric | arithmetic
#   ri: saaty              # saaty | cn | donegan-dodd
#   dimensions: [[1, 2, 3, 3, 2], ["1/2", 1, 2, 2, 1], ["1/3", "1/2", 1, 1, "1/2"], ["1/3", "1/2", 1, 1, "1/2"], ["1/2", 1, 2, 2, 1]]
#   indicators:
#     economy: [2]         # upper triangle, row by row: n(n-1)/2 values

# Each indicator reads a column, or derives a value from columns with expr (+ - * / ^, parentheses,
# log ln sqrt abs min max; backticks around names with spaces or CJK). direction: benefit (+) or
# cost (-). weight: relative manual weight (weights: manual). Units are those of the sample.
dimensions:
  - id: economy
    label: { en: Economy, zh: 经济发展 }
    weight: 1
    indicators:
      - { id: gdp_per_capita, expr: "gdp * 10000 / population", direction: benefit, unit: yuan,
          label: { en: GDP per capita, zh: 人均地区生产总值 } }
      - { column: tertiary_share, direction: benefit, unit: "%",
          label: { en: Tertiary industry share of GDP, zh: 第三产业增加值占比 } }
  - id: society
    label: { en: Society, zh: 社会发展 }
    weight: 1
    indicators:
      - { column: unemployment, direction: cost, unit: "%",
          label: { en: Urban registered unemployment rate, zh: 城镇登记失业率 } }
      - { column: students_per_100k, direction: benefit, unit: persons per 100 000,
          label: { en: Higher-education students per 100 000, zh: 每十万人口高等学校在校生数 } }
      - { id: maternity_coverage, expr: "maternity_insured / population * 100", direction: benefit, unit: "%",
          label: { en: Maternity-insurance participants per 100 residents, zh: 生育保险参保率 } }
  - id: ecology
    label: { en: Ecology, zh: 生态环境 }
    weight: 1
    indicators:
      - { id: so2_intensity, expr: "so2 * 10000 / gdp", direction: cost, unit: t per 100 million yuan,
          label: { en: SO2 emissions per unit of GDP, zh: 单位GDP二氧化硫排放 } }
      - { id: energy_intensity, expr: "energy / gdp", direction: cost, unit: tce per 10 000 yuan,
          label: { en: Energy consumption per unit of GDP, zh: 单位GDP能耗 } }
  - id: income_gap
    label: { en: Income gap, zh: 收入差距 }
    weight: 1
    indicators:
      - { id: urban_rural_ratio, expr: "urban_income / rural_income", direction: cost, unit: "urban/rural",
          label: { en: Urban-rural income ratio, zh: 城乡居民人均可支配收入比 } }
      - { id: income_gap_national, expr: "abs(income / income_national - 1)", direction: cost,
          label: { en: Relative distance of income per capita from the national mean, zh: 人均收入与全国均值的相对差距 } }
  - id: public_services
    label: { en: Public services, zh: 公共服务 }
    weight: 1
    indicators:
      - { column: health_per_10k, direction: benefit, unit: persons per 10 000,
          label: { en: Health technical personnel per 10 000, zh: 每万人卫生技术人员数 } }
      - { id: education_per_capita, expr: "edu_expenditure * 10000 / population", direction: benefit, unit: yuan,
          label: { en: Government education expenditure per capita, zh: 人均财政性教育经费 } }
      - { id: budget_per_capita, expr: "budget_expenditure * 10000 / population", direction: benefit, unit: yuan,
          label: { en: General budget expenditure per capita, zh: 人均一般公共预算支出 } }
`;

/**
 * The same model as data, so that scoring with the built-in model needs no YAML parser (loading
 * one costs about as much as the rest of a run on the sample). tests/model/builtin.test.ts checks
 * that parsing BUILTIN_MODEL_YAML gives exactly this object: edit both together.
 */
export const BUILTIN_MODEL: unknown = {
  "name": "China provinces, five dimensions",
  "columns": {
    "region": "region",
    "year": "year"
  },
  "normalization": {
    "method": "min-max",
    "range": [0.01, 0.99],
    "scope": "pooled",
    "shift": 0
  },
  "weights": {
    "indicators": "entropy",
    "dimensions": "equal"
  },
  "coupling": "classic",
  "aggregation": "weighted-sum",
  "combine": {
    "method": "multiplicative",
    "alpha": 0.5
  },
  "dimensions": [
    {
      "id": "economy",
      "label": {
        "en": "Economy",
        "zh": "经济发展"
      },
      "weight": 1,
      "indicators": [
        {
          "id": "gdp_per_capita",
          "expr": "gdp * 10000 / population",
          "direction": "benefit",
          "unit": "yuan",
          "label": {
            "en": "GDP per capita",
            "zh": "人均地区生产总值"
          }
        },
        {
          "column": "tertiary_share",
          "direction": "benefit",
          "unit": "%",
          "label": {
            "en": "Tertiary industry share of GDP",
            "zh": "第三产业增加值占比"
          }
        }
      ]
    },
    {
      "id": "society",
      "label": {
        "en": "Society",
        "zh": "社会发展"
      },
      "weight": 1,
      "indicators": [
        {
          "column": "unemployment",
          "direction": "cost",
          "unit": "%",
          "label": {
            "en": "Urban registered unemployment rate",
            "zh": "城镇登记失业率"
          }
        },
        {
          "column": "students_per_100k",
          "direction": "benefit",
          "unit": "persons per 100 000",
          "label": {
            "en": "Higher-education students per 100 000",
            "zh": "每十万人口高等学校在校生数"
          }
        },
        {
          "id": "maternity_coverage",
          "expr": "maternity_insured / population * 100",
          "direction": "benefit",
          "unit": "%",
          "label": {
            "en": "Maternity-insurance participants per 100 residents",
            "zh": "生育保险参保率"
          }
        }
      ]
    },
    {
      "id": "ecology",
      "label": {
        "en": "Ecology",
        "zh": "生态环境"
      },
      "weight": 1,
      "indicators": [
        {
          "id": "so2_intensity",
          "expr": "so2 * 10000 / gdp",
          "direction": "cost",
          "unit": "t per 100 million yuan",
          "label": {
            "en": "SO2 emissions per unit of GDP",
            "zh": "单位GDP二氧化硫排放"
          }
        },
        {
          "id": "energy_intensity",
          "expr": "energy / gdp",
          "direction": "cost",
          "unit": "tce per 10 000 yuan",
          "label": {
            "en": "Energy consumption per unit of GDP",
            "zh": "单位GDP能耗"
          }
        }
      ]
    },
    {
      "id": "income_gap",
      "label": {
        "en": "Income gap",
        "zh": "收入差距"
      },
      "weight": 1,
      "indicators": [
        {
          "id": "urban_rural_ratio",
          "expr": "urban_income / rural_income",
          "direction": "cost",
          "unit": "urban/rural",
          "label": {
            "en": "Urban-rural income ratio",
            "zh": "城乡居民人均可支配收入比"
          }
        },
        {
          "id": "income_gap_national",
          "expr": "abs(income / income_national - 1)",
          "direction": "cost",
          "label": {
            "en": "Relative distance of income per capita from the national mean",
            "zh": "人均收入与全国均值的相对差距"
          }
        }
      ]
    },
    {
      "id": "public_services",
      "label": {
        "en": "Public services",
        "zh": "公共服务"
      },
      "weight": 1,
      "indicators": [
        {
          "column": "health_per_10k",
          "direction": "benefit",
          "unit": "persons per 10 000",
          "label": {
            "en": "Health technical personnel per 10 000",
            "zh": "每万人卫生技术人员数"
          }
        },
        {
          "id": "education_per_capita",
          "expr": "edu_expenditure * 10000 / population",
          "direction": "benefit",
          "unit": "yuan",
          "label": {
            "en": "Government education expenditure per capita",
            "zh": "人均财政性教育经费"
          }
        },
        {
          "id": "budget_per_capita",
          "expr": "budget_expenditure * 10000 / population",
          "direction": "benefit",
          "unit": "yuan",
          "label": {
            "en": "General budget expenditure per capita",
            "zh": "人均一般公共预算支出"
          }
        }
      ]
    }
  ]
};
