// The Emit stage. See Package.swift for the map of targets.
