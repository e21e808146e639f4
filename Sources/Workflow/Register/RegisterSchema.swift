import GRDB

/// The register's tables, as GRDB migrations (a later change is a new migration, never an edit).
/// Dates are ISO text (`2026-10-31`), so they compare as strings; a status is in force on day D
/// when `valid_from <= D` and (`valid_to` is NULL or `D < valid_to`).
enum RegisterSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Every file taken in, recognised again by its content hash.
            try db.execute(sql: """
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    received_at TEXT NOT NULL,        -- when the file arrived: 移交时间
                    as_of TEXT NOT NULL,              -- 数据截至
                    mode TEXT NOT NULL,               -- 全量 / 增量
                    records INTEGER NOT NULL,
                    findings INTEGER NOT NULL,
                    errors INTEGER NOT NULL,
                    added INTEGER NOT NULL DEFAULT 0,
                    changed INTEGER NOT NULL DEFAULT 0,
                    exited INTEGER NOT NULL DEFAULT 0,
                    skipped INTEGER NOT NULL DEFAULT 0,
                    unmatched INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE person (
                    id TEXT PRIMARY KEY,              -- 公民身份号码, 18 characters
                    name TEXT, gender TEXT, birth_date TEXT,
                    household TEXT, county TEXT, town TEXT, village TEXT, phone TEXT,
                    disability_card TEXT, disability_type TEXT, disability_grade TEXT,
                    first_file INTEGER NOT NULL REFERENCES file(id),
                    last_file INTEGER NOT NULL REFERENCES file(id)
                ) WITHOUT ROWID;
                -- One period of one person in one category, as one sender reported it.
                CREATE TABLE status (
                    id INTEGER PRIMARY KEY,
                    person_id TEXT NOT NULL REFERENCES person(id),
                    category TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    recognised_date TEXT, recognised_place TEXT, remark TEXT,
                    valid_from TEXT NOT NULL,
                    valid_to TEXT,
                    handover TEXT NOT NULL,           -- the date the entering file arrived
                    entry_file INTEGER NOT NULL REFERENCES file(id),
                    last_file INTEGER NOT NULL REFERENCES file(id),
                    exit_file INTEGER REFERENCES file(id),
                    exit_reason TEXT
                );
                CREATE INDEX status_by_person ON status(person_id, valid_from);
                CREATE INDEX status_open ON status(sender, category, valid_to);
                -- The pension system's view of a person, as each export reported it.
                CREATE TABLE enrolment (
                    person_id TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    state TEXT, enrolled_date TEXT,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    PRIMARY KEY (person_id, as_of)
                ) WITHOUT ROWID;
                CREATE TABLE payment (
                    person_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    amount REAL, transferred_date TEXT, paid_date TEXT, credited_date TEXT,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    PRIMARY KEY (person_id, year)
                ) WITHOUT ROWID;
                CREATE TABLE benefit (
                    person_id TEXT PRIMARY KEY,
                    start_date TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id)
                ) WITHOUT ROWID;
                -- Deceased, students, employee-pension participants: not to be paid for.
                CREATE TABLE exclusion (
                    person_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    date TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    PRIMARY KEY (person_id, reason)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-status-lookup") { db in
            // Finding a person's open status in one category from one sender: without this, SQLite
            // picks status_open (sender, category, valid_to) and scans everyone the sender has.
            try db.execute(sql: "CREATE INDEX status_of_person ON status(person_id, category, sender, valid_to)")
        }
        migrator.registerMigration("v3-intake") { db in
            // The folder service's journal: where each dropped file is on its way from inbox/ to
            // archive/ or failed/. Updated in the same transaction as the register when the file
            // is taken in, so a restart after a crash knows whether the register already has it.
            try db.execute(sql: """
                CREATE TABLE intake (
                    ticket TEXT PRIMARY KEY,          -- the work folder under .sheetflow/work/
                    name TEXT NOT NULL,               -- the file name as dropped
                    source TEXT NOT NULL,             -- where it was, under inbox/
                    sender TEXT, kind TEXT,           -- from the inbox sub-folder
                    arrived_at TEXT NOT NULL,         -- when it was taken (移交时间)
                    state TEXT NOT NULL,              -- claimed, registered, failing, published, done
                    receipt TEXT,                     -- the 回执 lines, once registered
                    as_of TEXT,                       -- 数据截至 of what was registered: the month to report
                    failure TEXT,                     -- why it goes to failed/
                    outbox TEXT,                      -- the output folder, once chosen
                    destination TEXT,                 -- archive/ or failed/ path, once chosen
                    updated_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
