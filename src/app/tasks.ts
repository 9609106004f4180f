import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isAppError, NotFoundError } from '../errors.js';
import { holderLiveness, type LockHolder } from '../store/lock-holder.js';
import {
  findTask,
  finishTask,
  insertTask,
  listUnfinishedTasks,
  markTaskRunning,
  type StoredTask,
  type TaskError,
} from '../store/tasks-repository.js';
import { type AppDeps, defineService, parseServiceInput, type Service } from './service.js';
import { toWire } from './wire-json.js';

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const taskOutput = z.object({
  id: z.string().describe('Poll it with the task service (GET /api/v1/optimize/batch/{task_id})'),
  kind: z.string().describe('The service the task runs, e.g. `collect` or `pipeline`'),
  status: z.enum(TASK_STATUSES),
  input: z.unknown().describe('The input the service was started with'),
  result: z.unknown().describe('The service result once succeeded, else null'),
  error: z
    .object({ code: z.string(), kind: z.string(), message: z.string(), hint: z.string().optional() })
    .nullable()
    .describe('Why it failed or was cancelled, else null'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TaskView = z.input<typeof taskOutput>;

export function taskView(task: StoredTask): TaskView {
  return toWire({
    id: task.id,
    kind: task.kind,
    status: task.status,
    input: task.input,
    result: task.result ?? null,
    error: task.error,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
  }) as TaskView;
}

export const getTask = defineService({
  name: 'tasks.get',
  summary: 'One background task: its status, and its result or error once finished',
  input: z.object({ taskId: z.uuid().describe('The id a task start returned') }),
  output: taskOutput,
  async run(deps, { taskId }) {
    const task = await findTask(deps.store.db, taskId);
    if (task === undefined)
      throw new NotFoundError(`no task ${taskId}`, { entity: 'task', id: taskId, field: 'taskId' });
    return taskView(task);
  },
});

export interface TaskRunner {
  /**
   * Validates `input` against the service's schema (throws InvalidInputError at once), stores the task
   * as queued and runs it in the background; returns the stored task.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any service, whatever its schemas
  start(service: Service<any, any>, input: unknown): Promise<TaskView>;
  /**
   * Marks failed the unfinished tasks whose owner is proven gone (the server that ran them crashed or
   * was killed); tasks of a live owner, or one that cannot be proven gone, are left. Returns those marked.
   */
  recover(): Promise<readonly string[]>;
  /** Resolves when every task this runner started has finished. */
  idle(): Promise<void>;
  /** Aborts the running tasks, waits for them and records them as cancelled. */
  shutdown(): Promise<void>;
}

export interface TaskRunnerOptions {
  /** Who runs the tasks: recorded on each, so the next server can tell whether it is gone. */
  readonly owner: LockHolder;
  readonly newId?: () => string;
}

const CANCELLED: TaskError = {
  code: 'TASK_CANCELLED',
  kind: 'cancelled',
  message: 'the server stopped before the task finished; what was stored before it is kept, start it again',
};

/** Runs long services as stored background tasks (see migration 0004_tasks). */
export function createTaskRunner(deps: AppDeps, options: TaskRunnerOptions): TaskRunner {
  const controller = new AbortController();
  const signal =
    deps.signal === undefined ? controller.signal : AbortSignal.any([deps.signal, controller.signal]);
  const taskDeps: AppDeps = { ...deps, signal };
  const running = new Set<Promise<void>>();
  const newId = options.newId ?? randomUUID;

  // biome-ignore lint/suspicious/noExplicitAny: any service, whatever its schemas
  const execute = async (id: string, service: Service<any, any>, input: unknown) => {
    const db = deps.store.db;
    try {
      if (signal.aborted) {
        await finishTask(db, id, { status: 'cancelled', error: CANCELLED });
        return;
      }
      if (!(await markTaskRunning(db, id))) return;
      if (signal.aborted) {
        await finishTask(db, id, { status: 'cancelled', error: CANCELLED });
        return;
      }
      const result = await service(taskDeps, input);
      if (signal.aborted) await finishTask(db, id, { status: 'cancelled', error: CANCELLED });
      else await finishTask(db, id, { status: 'succeeded', result: toWire(result) });
    } catch (error) {
      const outcome = signal.aborted
        ? ({ status: 'cancelled', error: CANCELLED } as const)
        : ({ status: 'failed', error: taskError(error) } as const);
      if (outcome.status === 'failed' && !isAppError(error))
        deps.logger.error({ taskId: id, kind: service.serviceName, err: error }, 'task failed');
      try {
        await finishTask(db, id, outcome);
      } catch (storeError) {
        deps.logger.error({ taskId: id, err: storeError }, 'could not record the end of a task');
      }
    }
  };

  return {
    async start(service, input) {
      parseServiceInput(service.serviceName, service.input, input);
      const id = newId();
      const task = await insertTask(deps.store.db, {
        id,
        kind: service.serviceName,
        input: toWire(input ?? {}),
        owner: options.owner,
      });
      const promise = execute(id, service, input).finally(() => running.delete(promise));
      running.add(promise);
      return taskView(task);
    },
    async recover() {
      const marked: string[] = [];
      for (const task of await listUnfinishedTasks(deps.store.db)) {
        if (sameProcess(task.owner, options.owner)) continue;
        const liveness = await holderLiveness(task.owner);
        if (liveness.state !== 'dead') continue;
        const done = await finishTask(deps.store.db, task.id, {
          status: 'failed',
          error: {
            code: 'TASK_ABANDONED',
            kind: 'internal',
            message: `the server that ran it (process ${task.owner.pid} on ${task.owner.host}) ended before it finished: ${liveness.proof}`,
            hint: 'what it stored before is kept; start it again',
          },
        });
        if (done) marked.push(task.id);
      }
      return marked;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async shutdown() {
      controller.abort(new Error('the server is stopping'));
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

function sameProcess(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.host === b.host && a.startTime === b.startTime && a.bootId === b.bootId;
}

function taskError(error: unknown): TaskError {
  if (isAppError(error)) {
    return {
      code: error.code,
      kind: error.kind,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  // An unexpected error's text may hold anything (SQL, a path): it goes to the log, not the task.
  return { code: 'INTERNAL', kind: 'internal', message: 'internal error; see the server log' };
}
