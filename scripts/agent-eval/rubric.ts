import type { DetectorId } from '../../src/domain/detector-id.js';

/**
 * What a root cause must say to name each labelled problem: the words an administrator would use for it.
 * Deliberately loose (any of the words), since the eval asks whether the model found the problem, not
 * whether it used our title; a model that names the wrong problem still fails.
 */
export const PROBLEM_WORDS: Readonly<Record<DetectorId, RegExp>> = {
  'partition-pruning': /partition/i,
  'reflection-missing': /reflection/i,
  'reflection-unused': /reflection/i,
  'reflection-failing': /reflection[\s\S]*fail|fail[\s\S]*reflection|refresh/i,
  'join-fanout': /fan-?out|join[\s\S]{0,60}(multipl|explod|more rows)|row explosion/i,
  'select-star':
    /select \*|every column|all (the )?columns|unused columns|columns? (it|they|the query) (never|do not|don't)/i,
  'small-files': /small files|many (small )?files|file count|compact|optimize table/i,
  regression: /regress|slower than (before|its baseline|usual)|baseline/i,
  spill: /spill/i,
  skew: /skew|uneven|one (thread|fragment|executor) (does|did|takes)/i,
  'queue-wait': /queue/i,
  'planning-time': /plann/i,
  'row-estimate': /estimate|cardinality|statistic/i,
  'client-blocking': /client|fetch|consum|blocked on (the )?(network|sender)/i,
  'nested-loop-join': /nested.?loop|cartesian|cross join|non-?equi/i,
  'metadata-retrieval': /metadata/i,
};

/** Whether the root cause names at least one of the problems the simulator planted on the subject. */
export function namesLabelledProblem(rootCause: string, labels: readonly DetectorId[]): boolean {
  return labels.some((label) => PROBLEM_WORDS[label].test(rootCause));
}
