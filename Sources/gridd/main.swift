import GridDaemon

GriddCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
