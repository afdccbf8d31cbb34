export { parseExampleArgs, type ExampleArgs, type ExtraFlags } from './example-args';
export { withExampleBackend } from './example-backend';
export { exampleLogger, printJsonSummary, runMain } from './example-output';
