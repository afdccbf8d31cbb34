// Compiles the TypeScript runner on the fly with the same SWC settings as jest.config.js, then runs it.
require('@swc/register')({
  jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
  module: { type: 'commonjs' },
  extensions: ['.ts'],
});
require('./run-differential.ts');
