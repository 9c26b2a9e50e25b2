import GridClient
import Glibc

exit(Gridctl.terminal.run(Array(CommandLine.arguments.dropFirst())))
