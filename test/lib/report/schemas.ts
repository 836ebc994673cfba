import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';

/** A validator for one of the published formats' schemas in ./schemas (sources in its README). */
export function schemaValidator(file: string): (value: unknown) => string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', file), 'utf8'));
  const validate: ValidateFunction = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
}
