#!/usr/bin/env node
'use strict';
// The `necro` command. A plain committed file so npm links it at `npm ci`, before the build;
// the program itself is compiled TypeScript in dist/.
try {
  require.resolve('../dist/bin/main.js');
} catch {
  process.stderr.write('necro: @necrostack/cli is not built. Run `npm run build` (or `npx tsc -b packages/cli`) first.\n');
  process.exit(1);
}
require('../dist/bin/main.js');
