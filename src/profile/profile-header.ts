import {
  type ClientInfo,
  type NonDefaultOption,
  type ProfileError,
  type ProfileSummary,
  QUERY_STATES,
  type QueueInfo,
} from '../domain/profile-summary.js';
import { asArray, asNumber, asObject, asOptionalNumber, asString, type RawObject } from './raw-access.js';

const QUERY_TYPES = ['UNKNOWN', 'SQL', 'LOGICAL', 'PHYSICAL', 'EXECUTION', 'PREPARED_STATEMENT'] as const;

/** The query-level state name; a profile without `state` is `UNKNOWN` rather than protobuf's STARTING. */
export function queryStateName(state: unknown): ProfileSummary['state'] {
  if (state === undefined) return 'UNKNOWN';
  const n = asNumber(state);
  return QUERY_STATES[n] ?? `UNKNOWN_STATE_${n}`;
}

export function queryTypeName(type: unknown): string {
  return QUERY_TYPES[asNumber(type)] ?? `UNKNOWN_QUERY_TYPE_${asNumber(type)}`;
}

export function readClient(clientInfo: unknown): ClientInfo {
  const raw = asObject(clientInfo);
  return { name: asString(raw.name), version: asString(raw.version), application: asString(raw.application) };
}

/** Queue and workload-management rule from `resourceSchedulingProfile`; undefined when absent. */
export function readQueue(resourceSchedulingProfile: unknown): QueueInfo | undefined {
  if (resourceSchedulingProfile === undefined) return undefined;
  const raw = asObject(resourceSchedulingProfile);
  const properties = asObject(raw.schedulingProperties);
  const start = asNumber(raw.resourceSchedulingStart);
  const end = asNumber(raw.resourceSchedulingEnd);
  return {
    queueName: asString(raw.queueName),
    queueId: asString(raw.queueId),
    ruleName: asString(raw.ruleName),
    ruleContent: asString(raw.ruleContent),
    ruleAction: asString(raw.ruleAction),
    engineName: asString(raw.engineName),
    queryCost: asOptionalNumber(properties.queryCost),
    queryType: asString(properties.queryType),
    schedulingMs: end >= start ? end - start : 0,
  };
}

/**
 * `nonDefaultOptionsJSON` is a JSON array inside a string. Unreadable text gives no options and a
 * warning, never an exception.
 */
export function readNonDefaultOptions(text: unknown, warnings: string[]): readonly NonDefaultOption[] {
  const json = asString(text);
  if (json.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    warnings.push('nonDefaultOptionsJSON is not valid JSON; non-default options are left out.');
    return [];
  }
  return asArray(parsed).map((entry) => {
    const raw = asObject(entry);
    return {
      name: asString(raw.name),
      kind: asString(raw.kind),
      scope: asString(raw.type),
      value: optionValue(raw),
    };
  });
}

function optionValue(raw: RawObject): NonDefaultOption['value'] {
  for (const key of ['string_val', 'bool_val', 'num_val', 'float_val'] as const) {
    const value = raw[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return Number(value);
  }
  return null;
}

/** The error block, present only when the profile has an error or cancel reason. */
export function readError(raw: RawObject): ProfileError | undefined {
  const error: ProfileError = {
    message: asString(raw.error),
    verboseMessage: asString(raw.verboseError),
    errorId: asString(raw.errorId),
    node: asString(raw.errorNode),
    cancelReason: asString(raw.cancelReason),
  };
  return error.message === '' && error.verboseMessage === '' && error.cancelReason === '' ? undefined : error;
}
