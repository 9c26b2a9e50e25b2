import GridClient
import Glibc

exit(Gridctl().run(Array(CommandLine.arguments.dropFirst())))
