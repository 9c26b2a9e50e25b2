// grid-bench: the benchmarks of docs/BENCHMARKS.md. `swift run -c release grid-bench [--quick]`.
BenchCommand.run(Array(CommandLine.arguments.dropFirst()))
