#!/usr/bin/env node
import { startCli } from '../dist/launch/cli.js';

process.exitCode = await startCli(process.argv.slice(2));
