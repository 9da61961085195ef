// The RunStore stage. See Package.swift for the map of targets.
