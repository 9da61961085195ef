// The Normalize stage: raw field text → typed, normalized values. See Package.swift for the map
// of targets.
//
//   FieldNormalizer   one field at a time (names, dates, vocabularies, phone, household)
//   RecordNormalizer  RawRecord → SubjectRecord, with an IdentityResolver for the ID engine
//   NameNormalizer, TraditionalToSimplified, DateParser, TextCleaner: the pieces
