#!/usr/bin/env node
// The `redis-leaks` command as the pre-commit framework installs it: pre-commit packs this
// repository's root and installs that tarball on its own, so both packages' builds travel in it
// (see "files" in the root package.json) and the plugin is found under packages/ by its name.
// NODE_PATH is set before anything loads, so the fix command's worker threads find it too.
'use strict';
const path = require('node:path');
const Module = require('node:module');

const packages = path.join(__dirname, '..', 'packages');
process.env.NODE_PATH = [packages, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();
require('../packages/redis-leaks/dist/cli/bin.js');
