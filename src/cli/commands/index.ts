/**
 * The commands of the CLI, in the order of the help. Adding a command is a file in this folder
 * (`defineCommand({...})`) and a line here.
 */
import type { CommandSpec } from '../command.js';
import checkReply from './check-reply.js';
import completion from './completion.js';
import diff from './diff.js';
import evaluate from './evaluate.js';
import explain from './explain.js';
import init from './init.js';
import lint from './lint.js';
import report from './report.js';
import studio from './studio.js';
import test from './test.js';
import track from './track.js';
import validate from './validate.js';

export const commands: readonly CommandSpec[] = [evaluate, explain, checkReply, validate, lint, test, diff, init, track, report, studio, completion];
