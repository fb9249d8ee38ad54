// Generates config/allow-list.schema.json from the zod schema of exposure allow-list files.
import * as z from 'zod';
import { allowListFileSchema } from './allow-schema.js';

export function allowListJsonSchema(): string {
  return JSON.stringify({ ...z.toJSONSchema(allowListFileSchema, { io: 'input', unrepresentable: 'any' }), title: 'ossast exposure allow-list file' }, null, 2) + '\n';
}
