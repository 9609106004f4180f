import type { AnalysisReport } from '../analysis/analysis-report.js';
import { renderAnalysisJson } from './analysis-json.js';
import { renderAnalysisSarif } from './analysis-sarif.js';
import { renderAnalysisTable } from './analysis-table.js';

/** The output formats of `analyze`, by their public name (`--format`). */
export const ANALYSIS_FORMATS = ['table', 'json', 'sarif'] as const;
export type AnalysisFormat = (typeof ANALYSIS_FORMATS)[number];

export interface RenderOptions {
  readonly widthColumns: number;
  readonly toolVersion: string;
  /** Severity colours in the table (the CLI decides); the machine formats ignore it. */
  readonly colour?: boolean;
}

export type AnalysisFormatter = (report: AnalysisReport, options: RenderOptions) => string;

/** One renderer per format; adding a format name without a renderer does not compile. */
export const ANALYSIS_FORMATTERS: Readonly<Record<AnalysisFormat, AnalysisFormatter>> = {
  table: (report, options) =>
    renderAnalysisTable(report, { widthColumns: options.widthColumns, colour: options.colour ?? false }),
  json: (report) => renderAnalysisJson(report),
  sarif: (report, options) => renderAnalysisSarif(report, { toolVersion: options.toolVersion }),
};
