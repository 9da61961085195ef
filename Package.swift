// swift-tools-version:6.1
//
// rostercheck — re-verifies the rosters behind pairing-care programmes (结对关爱).
//
// Every pipeline stage is its own library target with its own test target, declared
// the same way by `stage(...)` below (the pattern of swift-collections' Package.swift):
//
//   ingest → normalize → verify → deduplicate → emit        (+ the run store)
//
//   RosterCore   value types every stage shares: fields, records, findings, the
//                reason-code catalog, rules (no I/O)
//   ResidentID   the identity-number engine: GB 11643 IDs, permits, certificates (no I/O)
//   Ingest       CSV and XML rosters → raw records with provenance (file I/O)
//   CSIMD        vector kernels in C for Ingest (UTF-8 validation), with Swift fallbacks
//   RuleBook     `Rules/*.yml` → `RosterCore.Rules` (YAML)
//   Normalize    raw field text → typed, normalized subject records (no I/O)
//   Verify       eligibility and consistency checks → findings (no I/O)
//   Deduplicate  persons, pairing units, probable duplicates (no I/O)
//   Emit         the output files: CSVs, summary.json, report.html (file I/O)
//   RunStore     the SQLite run store and discrepancy reports (GRDB)
//   Pipeline     the commands' logic, wiring the stages together
//   SampleGen    deterministic synthetic rosters with ground truth
//   rostercheck  the thin executable: parses arguments, calls Pipeline
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

var targets: [Target] = []

/// Declares a library target in `Sources/NAME` and its test target in `Tests/NAMETests`,
/// so every stage is built and tested the same way.
@MainActor func stage(
  _ name: String,
  dependencies: [Target.Dependency] = [],
  testDependencies: [Target.Dependency] = [],
  resources: [Resource]? = nil,
  exclude: [String] = [],
  linkerSettings: [LinkerSetting] = []
) {
  targets.append(
    .target(
      name: name, dependencies: dependencies, exclude: exclude, resources: resources,
      swiftSettings: swiftSettings, linkerSettings: linkerSettings))
  // Test fixtures are read through #filePath, not bundled.
  let fixtures = "Tests/\(name)Tests/Fixtures"
  let hasFixtures = FileManager.default.fileExists(
    atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(fixtures).path)
  targets.append(
    .testTarget(
      name: "\(name)Tests",
      dependencies: [.target(name: name)] + (name == "RosterCore" ? [] : ["RosterCore"]) + ["TestSupport",
                     .product(name: "PropertyBased", package: "swift-property-based")]
        + testDependencies,
      exclude: hasFixtures ? ["Fixtures"] : [],
      swiftSettings: swiftSettings))
}

let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let argumentParser = Target.Dependency.product(
  name: "ArgumentParser", package: "swift-argument-parser")

targets.append(
  .systemLibrary(
    name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
    providers: [.apt(["libxml2-dev"])]))

// Vector kernels in C (SSSE3 byte shuffles), each with a Swift fallback: UTF-8 validation.
targets.append(.target(name: "CSIMD", path: "Sources/CSIMD"))

stage("RosterCore")
stage("ResidentID", dependencies: ["RosterCore"], exclude: ["areacodes.LICENSE"])
stage(
  "Ingest", dependencies: ["RosterCore", "CLibXML2", "CSIMD"], testDependencies: ["RuleBook", "CSIMD"])
stage("RuleBook", dependencies: ["RosterCore", yams])
stage("Normalize", dependencies: ["RosterCore", "ResidentID"], testDependencies: ["RuleBook", yams])
stage("Verify", dependencies: ["RosterCore", "ResidentID", "Normalize"])
stage("Deduplicate", dependencies: ["RosterCore", "ResidentID", "Normalize", "Verify"])
stage(
  "Emit", dependencies: ["RosterCore", "Normalize", "Verify", "Deduplicate"],
  testDependencies: ["Deduplicate"])
stage(
  "RunStore", dependencies: ["RosterCore", "Deduplicate", grdb, grdbSQLite],
  testDependencies: ["Verify", "Deduplicate", grdb])
stage(
  "SampleGen", dependencies: ["RosterCore", "ResidentID"],
  testDependencies: ["ResidentID", "Normalize", "RuleBook", "Ingest"])
stage(
  "Pipeline",
  dependencies: [
    "RosterCore", "ResidentID", "Ingest", "RuleBook", "Normalize", "Verify", "Deduplicate",
    "Emit", "RunStore", "SampleGen",
  ],
  testDependencies: ["Deduplicate", "Emit", "RunStore"],
  // OpenSSL's libcrypto (libssl-dev) for SHA-256 of input files: 1.5 GB/s with the
  // processor's SHA instructions (see Sources/Pipeline/FileHash.swift).
  linkerSettings: [.linkedLibrary("crypto")])

// Shared helpers for every test target: fixtures, temporary folders, running the built binary.
targets.append(
  .target(
    name: "TestSupport", dependencies: ["RosterCore"], path: "Tests/TestSupport",
    swiftSettings: swiftSettings))

// The thin executable: argument parsing only.
targets.append(
  .executableTarget(
    name: "rostercheck", dependencies: ["Pipeline", "RosterCore", argumentParser],
    swiftSettings: swiftSettings))

// Micro-benchmarks of the stages (release build): `swift run -c release rostercheck-bench`.
targets.append(
  .executableTarget(
    name: "rostercheck-bench",
    dependencies: [
      "Pipeline", "RosterCore", "ResidentID", "Ingest", "RuleBook", "Normalize", "Verify",
      "Deduplicate", "Emit", "RunStore", "SampleGen",
    ], path: "Benchmarks/RostercheckBench",
    swiftSettings: swiftSettings))

// End-to-end tests that run the built `rostercheck` binary.
targets.append(
  .testTarget(
    name: "EndToEndTests", dependencies: ["TestSupport", "rostercheck", "RunStore", "SampleGen"],
    exclude: ["Fixtures"],
    swiftSettings: swiftSettings))

let package = Package(
  name: "rostercheck",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "rostercheck", targets: ["rostercheck"]),
    .library(name: "Pipeline", targets: ["Pipeline"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: targets
)
