// The bottom layer: what a drill is, what checks return, what a grade is made of. Checks, live
// checks, the grading flow and reports depend on it; it depends on nothing of theirs.
export * from './drill';
export * from './verdict';
export * from './evidence';
export * from './identity';
export * from './injection';
export * from './live-check';
export * from './live-result';
export * from './result';
export * from './template';
