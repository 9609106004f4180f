import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../src/observe/metrics.js';

const DEPLOY = join(process.cwd(), 'deploy');
const DASHBOARDS = ['overview', 'performance', 'business'] as const;

/** Words of PromQL that are not metric names: operators, modifiers, aggregations and functions. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'bool', 'offset']);

/**
 * The metric names an expression reads: identifiers once strings, label matchers, ranges and label
 * lists (`by (…)`, `on (…)`) are taken out, other than functions (followed by `(`) and keywords.
 */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const word = match[1]!;
    if (match[2] !== undefined || KEYWORDS.has(word) || /^(Inf|NaN)$/i.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

/** Every name a scrape can hold: the registry's metrics, histograms with their series suffixes. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (['histogram', 'summary'].includes(String(m.type))) {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${m.name}${suffix}`);
    }
  }
  return names;
}

function ruleExpressions(text: string): { name: string; expr: string }[] {
  const file = parse(text) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] };
  return file.groups.flatMap((g) => g.rules.map((r) => ({ name: r.alert ?? r.record ?? '?', expr: r.expr })));
}

function dashboardExpressions(text: string): string[] {
  const dashboard = JSON.parse(text) as { panels: { targets?: { expr?: string }[] }[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
}

function unknownNames(exprs: readonly string[], known: ReadonlySet<string>): string[] {
  return [...new Set(exprs.flatMap(metricNamesIn))].filter((n) => !known.has(n));
}

describe('the metrics named in deploy/', () => {
  const rulesText = readFileSync(join(DEPLOY, 'prometheus/alerts.yml'), 'utf8');

  it('reads metric names out of PromQL, leaving functions, labels and keywords out', () => {
    expect(
      metricNamesIn(
        'sum by (le, operation) (rate(optimizer_duration_seconds_bucket{operation="a b"}[1h])) > 0.1 and on(cluster) x_total >= 1e-9',
      ).sort(),
    ).toEqual(['optimizer_duration_seconds_bucket', 'x_total']);
  });

  it('ships the alerts of the plan', () => {
    expect(ruleExpressions(rulesText).map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'HighOptimizationErrorRate',
        'SlowOptimizations',
        'DatabaseConnectionFailures',
        'DremioAPIFailures',
        'LowRecommendationAdoption',
        'LowAverageImprovement',
      ]),
    );
  });

  it('alerts on low adoption with adopted over all, not the other way round', () => {
    const rule = ruleExpressions(rulesText).find((r) => r.name === 'LowRecommendationAdoption')!;
    expect(rule.expr.replace(/\s+/g, ' ')).toMatch(
      /sum by \(cluster\) \(recommendations_by_status\{status=~"accepted\|applied\|verified"\}\) \/ sum by \(cluster\) \(recommendations_by_status\) < /,
    );
  });

  it('names in every alert rule only metrics the product exports', async () => {
    const known = await exportedNames();
    const rules = ruleExpressions(rulesText);
    for (const rule of rules) expect(metricNamesIn(rule.expr).length, rule.name).toBeGreaterThan(0);
    expect(
      unknownNames(
        rules.map((r) => r.expr),
        known,
      ),
    ).toEqual([]);
  });

  it.each(DASHBOARDS)('names in the %s dashboard only metrics the product exports', async (name) => {
    const known = await exportedNames();
    const exprs = dashboardExpressions(readFileSync(join(DEPLOY, `grafana/${name}.json`), 'utf8'));
    expect(exprs.length).toBeGreaterThan(3);
    expect(unknownNames(exprs, known)).toEqual([]);
  });

  it('catches a rule on a metric the product does not export', async () => {
    const known = await exportedNames();
    const broken = rulesText.replace(
      'increase(db_errors_total[10m])',
      'increase(db_connection_errors_total[10m])',
    );
    expect(broken).not.toBe(rulesText);
    expect(
      unknownNames(
        ruleExpressions(broken).map((r) => r.expr),
        known,
      ),
    ).toEqual(['db_connection_errors_total']);
    expect(unknownNames(['rate(optimizer_duration_seconds_total[5m])'], known)).toEqual([
      'optimizer_duration_seconds_total',
    ]);
  });
});
