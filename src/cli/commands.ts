// The registry of subcommands; each lives in its own file under commands/.
export interface Command {
  summary: string;
  /** Runs the command and returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {};
