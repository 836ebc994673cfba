import * as path from 'path';

/** The root of this awswo checkout: the grader's own copy of checks, baselines and pristine labs. */
export const LIBRARY_ROOT = path.resolve(__dirname, '..');
