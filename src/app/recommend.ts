import { z } from 'zod';
import {
  analysisRecommendationOutput,
  analyzeInput,
  analyzeReport,
  leftOutReflectionOutput,
} from './analyze.js';
import { defineService } from './service.js';
import { toWire } from './wire-json.js';

export const recommendInput = analyzeInput.omit({ recommend: true });

export const recommendOutput = z.object({
  generatedAt: z.string(),
  clusterName: z.string(),
  /** How many findings the recommendations were drawn from (waived ones left out). */
  findingCount: z.number(),
  recommendations: z.array(analysisRecommendationOutput),
  /** Reflections the workload's set left out: for the budget, not worth their refresh, or already served. */
  reflectionsLeftOut: z.array(leftOutReflectionOutput),
  /** Changes left out because they would cost more than they save, with their numbers (net < 0). */
  notWorthIt: z.array(analysisRecommendationOutput),
});

/**
 * Recommendations from the current findings: recommending needs the analysed workload (the snapshot
 * the findings were computed on), so this runs the analysis — recording its findings as `analyze`
 * does — and returns what it recommends, largest net benefit first; known recommendations keep the
 * status the user gave them.
 */
export const generateRecommendations = defineService({
  name: 'recommend',
  summary: 'Analyse the stored workload and record what to change, largest net benefit first',
  input: recommendInput,
  output: recommendOutput,
  async run(deps, input) {
    const report = await analyzeReport(deps, { ...input, recommend: true });
    return toWire({
      generatedAt: report.generatedAt,
      clusterName: report.clusterName,
      findingCount: report.findings.length,
      recommendations: report.recommendations,
      reflectionsLeftOut: report.reflectionsLeftOut,
      notWorthIt: report.notWorthIt,
    }) as z.input<typeof recommendOutput>;
  },
});
