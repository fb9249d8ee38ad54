// Generates config/suppressions.schema.json from the zod schema of suppression files.
import * as z from 'zod';
import { suppressionFileSchema } from './schema.js';

export function suppressionsJsonSchema(): string {
  return JSON.stringify({ ...z.toJSONSchema(suppressionFileSchema, { io: 'input', unrepresentable: 'any' }), title: 'ossast suppression file' }, null, 2) + '\n';
}
