// Locates the platforms' published schemas that tests check ossast's outputs and CI examples against.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where each schema the tests read is published (unchanged copies keep these file names). */
const SOURCES: Record<string, string> = {
  'gitlab-sast-report-format-15.2.1.json': 'https://raw.githubusercontent.com/gitlabhq/gitlabhq/9d2ebf5c7a7fbab602219deb35386e4aa021fa7b/lib/gitlab/ci/parsers/security/validators/schemas/15.2.1/sast-report-format.json',
  'gitlab-ci.json': 'https://raw.githubusercontent.com/gitlabhq/gitlabhq/0286e4c628d68960d0ca9e961d82c3ea6ac90633/app/assets/javascripts/editor/schema/ci.json',
  'github-workflow.json': 'https://raw.githubusercontent.com/SchemaStore/schemastore/3b6446ad8a077bac56f4a4796c0b7fd88927fc8e/src/schemas/json/github-workflow.json',
  'sarif-schema-2.1.0.codeql-action.json': 'https://raw.githubusercontent.com/github/codeql-action/f3f1edbedfb4a1d188d344570834df2996d45d39/src/sarif-schema-2.1.0.json',
};

/**
 * The folder holding the published schemas, kept out of the repository: `OSSAST_SCHEMAS_DIR` when set, else
 * `shared/schemas` beside the checkout (where CI puts it).
 */
export function schemasDir(): string {
  const dir = process.env['OSSAST_SCHEMAS_DIR'];
  return dir ? resolve(dir) : join(import.meta.dirname, '../../../shared/schemas');
}

/** The path of the published schema `name` (its file name in the schemas folder); throws when it is not there. */
export function publishedSchema(name: string): string {
  const file = join(schemasDir(), name);
  if (!existsSync(file)) {
    const source = SOURCES[name] ? ` (an unchanged copy of ${SOURCES[name]})` : '';
    throw new Error(`published schema not found: ${file}. Set OSSAST_SCHEMAS_DIR to a folder holding ${name}${source}.`);
  }
  return file;
}
