// The registry of subcommands; each lives in its own file under commands/.
export interface Command {
  summary: string;
  /** Runs the command and returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {};

import {check} from "./commands/check.ts";
commands.check = check;

import {grade} from "./commands/grade.ts";
commands.grade = grade;

import {fixtures} from "./commands/fixtures.ts";
commands.fixtures = fixtures;

import {graph} from "./commands/graph.ts";
commands.graph = graph;

import {build} from "./commands/build.ts";
commands.build = build;

import {assignment} from "./commands/assignment.ts";
commands.assignment = assignment;

import {gradescope} from "./commands/gradescope.ts";
commands.gradescope = gradescope;
