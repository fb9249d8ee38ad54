// Validates documents against the official CycloneDX 1.6 JSON schema, as the @cyclonedx/cyclonedx-library package
// ships it (with the SPDX licence and JSF schemas it references); nothing is copied into the repository.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
const load = (name: string, id: string) => ({ ...JSON.parse(readFileSync(join(dir, name), 'utf8')), $id: id });

/** A validator of CycloneDX 1.6 JSON documents: errors as "path: message" lines, empty when valid. */
export function cyclonedx16(): (doc: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The 1.6 schema refers to its neighbours by file name, relative to its own $id.
  ajv.addSchema(load('spdx.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json'));
  ajv.addSchema(load('jsf-0.82.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json'));
  const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/bom-1.6.schema.json'));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}
