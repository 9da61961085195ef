// The Normalize stage. See Package.swift for the map of targets.
