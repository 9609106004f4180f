import type { z } from 'zod';
import { configSchema, type SettingMeta } from './schema.js';

/** One leaf of the configuration schema, as `config show` and the README list it. */
export interface Setting extends SettingMeta {
  /** Dotted key in the config file, e.g. `dremio.url`. */
  readonly key: string;
  readonly secret: boolean;
  readonly defaultValue: unknown;
  readonly schema: z.ZodType;
}

function walk(shape: Readonly<Record<string, z.ZodType>>, prefix: string, out: Setting[]): void {
  for (const [name, schema] of Object.entries(shape)) {
    const key = prefix + name;
    const info = schema.meta() as SettingMeta | undefined;
    if (info?.env !== undefined) {
      out.push({
        key,
        env: info.env,
        description: info.description,
        secret: info.secret ?? false,
        defaultValue: schema.def.type === 'default' ? (schema as z.ZodDefault).def.defaultValue : undefined,
        schema,
      });
    } else if (schema.def.type === 'object') {
      walk((schema as z.ZodObject).shape, `${key}.`, out);
    } else if (schema.def.type === 'prefault') {
      // A section that may be left out as a whole (`alerts`): its settings are those of the object inside.
      walk(((schema as z.ZodPrefault).def.innerType as z.ZodObject).shape, `${key}.`, out);
    }
  }
}

function collectSettings(): readonly Setting[] {
  const out: Setting[] = [];
  walk(configSchema.shape, '', out);
  return out;
}

export const SETTINGS: readonly Setting[] = collectSettings();
