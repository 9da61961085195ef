// The SampleGen stage. See Package.swift for the map of targets.
