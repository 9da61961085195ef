import Foundation

// rostercheck-bench: micro-benchmarks of the stages (release build):
//   swift run -c release rostercheck-bench [NAME] [--repeat N] [ARGS…]
//   swift run -c release rostercheck-bench score --truth DIR --out OUTDIR
// With no name, lists the benchmarks. The end-to-end province benchmark is Benchmarks/run.sh.

let benchmarks: [Benchmark] = [
  NormalizeBench.fields,
  NormalizeBench.names,
  NormalizeBench.dates,
  NormalizeBench.verify,
  IDBench.engine, IDBench.engineTyped, IDBench.command,
  RunStoreBench.benchmark,
  RunStoreBench.writeBenchmark,
  DedupBench.benchmark,
] + IngestBench.benchmarks

var arguments = Array(CommandLine.arguments.dropFirst())
// Not a benchmark: scores a run against a generated data set's ground truth (Benchmarks/run.sh).
if arguments.first == "score" {
  try ScoreCommand.run(Array(arguments.dropFirst()))
  exit(0)
}
var repetitions = 3
if let i = arguments.firstIndex(of: "--repeat"), i + 1 < arguments.count {
  repetitions = Int(arguments[i + 1]) ?? 3
  arguments.removeSubrange(i...(i + 1))
}
guard let name = arguments.first else {
  print("benchmarks:")
  for b in benchmarks { print("  \(b.name) — \(b.summary)") }
  exit(0)
}
guard let benchmark = benchmarks.first(where: { $0.name == name }) else {
  FileHandle.standardError.write("unknown benchmark \(name)\n".data(using: .utf8)!)
  exit(2)
}
try Harness.measure(benchmark, arguments: Array(arguments.dropFirst()), repetitions: repetitions)
