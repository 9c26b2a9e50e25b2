import GridDaemon

Daemon.main(arguments: Array(CommandLine.arguments.dropFirst()))
