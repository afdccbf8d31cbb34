#!/usr/bin/env node
process.stderr.write("necro: not built yet\n");
process.exitCode = 1;
