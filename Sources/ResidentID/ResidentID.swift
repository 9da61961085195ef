// The ResidentID stage. See Package.swift for the map of targets.
