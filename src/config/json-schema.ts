// Generates config/ossast.schema.json from the zod schema (editors use it for completion and checks).
import * as z from 'zod';
import { configSchema } from './schema.js';

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'ossast pipeline config (ossast.yml)' }, null, 2) + '\n';
}
