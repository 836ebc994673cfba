import * as fs from 'fs';
import * as path from 'path';
import { generatedDocs } from '../../scripts/docs';
import { LIBRARY_ROOT } from '../../lib/paths';

test.each(Object.entries(generatedDocs()))('%s is generated from the current drill metadata (npm run docs)', (file, content) => {
  expect(fs.readFileSync(path.join(LIBRARY_ROOT, file), 'utf8')).toBe(content);
});
