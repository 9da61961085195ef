// The ResidentID stage: identity numbers as they are really typed into rosters (no I/O).
//
//   IDEngine            parse(_:), parseCertificate(_:), read(_:), corrections(of:)
//   ParsedID            one number: normalized form, kind, birth date, sex, region, reasons
//   ParsedCertificate   a disability certificate number: ID part, type, grade, re-issue suffix
//   IDChecksum          MOD 11-2 check character, 15 ↔ 18 conversion, check-passing neighbours
//   IDColumnTally       whole-column Excel damage (ID_EXCEL_COLUMN_DAMAGED)
//   RegionTable         address codes since 1981 with their history (generated data)
//   ISO3166             nationality codes of foreign permanent resident IDs (generated data)
//
// The reason codes are in RosterCore/Reason.swift (section "ID engine"); see §3 of the contract.
import RosterCore
