import GRDB

/// The store's schema, as GRDB migrations. Never edit a shipped migration: add a new one.
///
/// Tables (one row per …):
/// - `run`: run — parameters, counts, summary and report JSON.
/// - `input`: input file of a run — source, path, SHA-256, record count.
/// - `unit`: pairing unit of a run — the columns of `pairing-roster.csv`, and its `members`:
///   one line per member, head first, `id_number<TAB>name<TAB>household_key`, lines separated
///   by a line feed. (Packed rather than a table of their own: a province's 600k member rows
///   would cost a second per run to write; the diff reads members a unit at a time anyway.
///   `instr(members, '621225…')` finds a person's unit.)
/// - `person`: person that matters for a diff beyond the run's members: every member of the
///   previous run of the same jurisdiction who is in no unit of this run, with their
///   disposition, unit and reason codes in this run (`absent` when the ID is not in the input).
///   (A member's state in its own run is its unit.)
/// - `finding`: warning or error finding, keyed by subject (ID, or `file:line` without a
///   valid ID), code and field; `id_number` is "" when the subject is the ID.
///
/// `run_id` of the bulk tables (`unit`, `person`, `finding`) is not declared a foreign key:
/// checking it costs a lookup per row (a province's run writes 800k rows), and the store writes
/// a run's rows only inside the transaction that creates the run.
///
/// The bulk tables are `WITHOUT ROWID` tables keyed by `(run_id, …)`; the store inserts their
/// rows in key order, so a run's rows are appended at the end of each B-tree, and reads them
/// back in key order, which is what the diff merges.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            recorded TEXT NOT NULL,
            as_of TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            rules_file TEXT NOT NULL,
            rules_name TEXT NOT NULL,
            rules_sha256 TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            previous_run_id INTEGER REFERENCES run(id),
            record_count INTEGER NOT NULL,
            unit_count INTEGER NOT NULL,
            member_count INTEGER NOT NULL,
            person_count INTEGER NOT NULL,
            finding_count INTEGER NOT NULL,
            summary_json TEXT NOT NULL,
            report_json TEXT NOT NULL
          );
          CREATE INDEX run_by_jurisdiction ON run(jurisdiction, id);

          CREATE TABLE input (
            run_id INTEGER NOT NULL REFERENCES run(id),
            position INTEGER NOT NULL,
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            record_count INTEGER NOT NULL,
            PRIMARY KEY (run_id, position)
          ) WITHOUT ROWID;

          CREATE TABLE unit (
            run_id INTEGER NOT NULL,
            unit_id TEXT NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            id_number TEXT NOT NULL,
            sex TEXT,
            birth_date TEXT,
            categories TEXT NOT NULL,
            county TEXT NOT NULL,
            township TEXT NOT NULL,
            village TEXT NOT NULL,
            member_count INTEGER NOT NULL,
            needs_review INTEGER NOT NULL,
            sources TEXT NOT NULL,
            members TEXT NOT NULL,
            PRIMARY KEY (run_id, unit_id)
          ) WITHOUT ROWID;

          CREATE TABLE person (
            run_id INTEGER NOT NULL,
            id_number TEXT NOT NULL,
            disposition TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            reasons TEXT NOT NULL,
            PRIMARY KEY (run_id, id_number)
          ) WITHOUT ROWID;

          CREATE TABLE finding (
            run_id INTEGER NOT NULL,
            subject TEXT NOT NULL,
            code TEXT NOT NULL,
            field TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            name TEXT NOT NULL,
            id_number TEXT NOT NULL,
            PRIMARY KEY (run_id, subject, code, field)
          ) WITHOUT ROWID;
          """)
    }
    return migrator
  }
}
