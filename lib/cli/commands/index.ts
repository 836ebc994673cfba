import type { Command } from '../command';
import { costCommand } from './cost';
import { coverageCommand } from './coverage';
import { deployCommand } from './deploy';
import { grade } from './grade';
import { inject } from './inject';
import { graderPolicyCommand } from './grader-policy';
import { list } from './list';
import { show } from './show';
import { sweepCommand } from './sweep';
import { verify } from './verify';

/** Every awswo command, in the order `awswo --help` lists them. Adding one: a file and a line here. */
export const COMMANDS: readonly Command[] = [list, show, grade, graderPolicyCommand, inject, verify, coverageCommand, costCommand, deployCommand, sweepCommand];
