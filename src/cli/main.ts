// The `backstep` command line: dispatches to one module per subcommand.
import {commands} from "./commands.ts";

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`backstep: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  backstep ${name.padEnd(10)} ${c.summary}`);
  return `Usage:\n${lines.join("\n")}\n\nRun 'backstep <command> --help' for a command's options.\n`;
}
