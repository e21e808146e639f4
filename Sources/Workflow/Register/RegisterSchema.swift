import GRDB

/// The register's tables, as GRDB migrations (a later change is a new migration, never an edit).
/// Dates are ISO text (`2026-10-31`), so they compare as strings.
///
/// Since v4 the register keeps what each file said — one record per person and file — and
/// nothing derived: statuses, enrolment and payments on a date are computed from the records in
/// the files' own order (数据截至, then arrival, then content hash; see `FileOrder`), so the order
/// in which files arrive never changes a result.
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
        migrator.registerMigration("v4-records") { db in
            try db.execute(sql: """
                -- What a roster said of a person: one row per person, category and file.
                CREATE TABLE roster_record (
                    person_id TEXT NOT NULL,
                    category TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    sender TEXT NOT NULL,
                    row INTEGER NOT NULL,             -- the row in the file
                    change TEXT,                      -- 变动类型 as written (新增, 修改, 退出 …)
                    name TEXT, household TEXT, county TEXT, town TEXT, village TEXT, phone TEXT,
                    disability_card TEXT, disability_type TEXT, disability_grade TEXT,
                    recognised_date TEXT, recognised_place TEXT, remark TEXT,
                    PRIMARY KEY (person_id, category, file_id)
                ) WITHOUT ROWID;
                CREATE INDEX roster_record_by_set ON roster_record(sender, category, file_id);
                -- The sets (sender and category) a full list is the whole of: whoever of the set it
                -- does not hold has left as of its 数据截至.
                CREATE TABLE list_cover (
                    sender TEXT NOT NULL,
                    category TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    PRIMARY KEY (sender, category, file_id)
                ) WITHOUT ROWID;
                -- What a pension-system export or funds-transfer list said of a person.
                CREATE TABLE pension_record (
                    id INTEGER PRIMARY KEY,
                    person_id TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    name TEXT,
                    state TEXT, enrolled_date TEXT,
                    payment_year INTEGER, amount REAL, transferred_date TEXT, paid_date TEXT, credited_date TEXT,
                    benefit_start TEXT
                );
                CREATE INDEX pension_record_by_person ON pension_record(person_id);
                -- Deaths, students, employee-pension participants, each with its own date (死亡日期,
                -- 入学时间, 参保时间) or the list's 数据截至.
                CREATE TABLE exclusion_record (
                    person_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    name TEXT,
                    date TEXT NOT NULL,
                    PRIMARY KEY (person_id, reason, file_id)
                ) WITHOUT ROWID;
                ALTER TABLE file ADD COLUMN as_of_source TEXT NOT NULL DEFAULT '';
                -- file.unmatched now counts the people of an export or reference list that no roster
                -- named yet when it arrived (FileRecord.waiting): their records are kept for them.
                """)
            // A register written before v4 kept derived periods. Each becomes the records that make
            // it again: an explicit exit (first: the exiting file was also recorded as the status's
            // last file), its entering file and its last confirming file.
            try db.execute(sql: """
                INSERT OR IGNORE INTO roster_record (person_id, category, file_id, sender, row, change)
                SELECT person_id, category, exit_file, sender, 0, '退出' FROM status WHERE exit_file IS NOT NULL;
                INSERT OR IGNORE INTO roster_record (person_id, category, file_id, sender, row, change, name, household, county, town,
                    village, phone, disability_card, disability_type, disability_grade, recognised_date, recognised_place, remark)
                SELECT s.person_id, s.category, f.file, s.sender, 0, NULL, p.name, p.household, p.county, p.town, p.village, p.phone,
                       p.disability_card, p.disability_type, p.disability_grade, s.recognised_date, s.recognised_place, s.remark
                FROM status s JOIN person p ON p.id = s.person_id
                JOIN (SELECT id, entry_file AS file FROM status UNION SELECT id, last_file FROM status) f ON f.id = s.id;
                INSERT INTO pension_record (person_id, file_id, row, state, enrolled_date)
                SELECT person_id, file_id, 0, state, enrolled_date FROM enrolment;
                INSERT INTO pension_record (person_id, file_id, row, payment_year, amount, transferred_date, paid_date, credited_date)
                SELECT person_id, file_id, 0, year, amount, transferred_date, paid_date, credited_date FROM payment;
                INSERT INTO pension_record (person_id, file_id, row, benefit_start) SELECT person_id, file_id, 0, start_date FROM benefit;
                INSERT INTO exclusion_record (person_id, reason, file_id, row, date) SELECT person_id, reason, file_id, 0, date FROM exclusion;
                -- Converted lists are replayed as changes (their exits are explicit above).
                UPDATE file SET mode = '增量' WHERE mode = '全量';
                DROP TABLE status; DROP TABLE enrolment; DROP TABLE payment; DROP TABLE benefit; DROP TABLE exclusion;
                -- Everyone some roster has named (what a person is called and where they live is in
                -- their records, with the file that said it).
                CREATE TABLE person_identity (
                    id TEXT PRIMARY KEY,              -- 公民身份号码, 18 characters
                    gender TEXT NOT NULL,             -- from the ID
                    birth_date TEXT NOT NULL          -- from the ID
                ) WITHOUT ROWID;
                INSERT INTO person_identity SELECT id, gender, birth_date FROM person;
                DROP TABLE person;
                ALTER TABLE person_identity RENAME TO person;
                """)
        }
        migrator.registerMigration("v5-poverty-mark") { db in
            try db.execute(sql: "ALTER TABLE roster_record ADD COLUMN poverty_mark TEXT") // 脱贫标注 as the list or its title says it
        }
        migrator.registerMigration("v6-no-set-index") { db in
            // The index by (sender, category, file) served one query, run once per set of a full
            // list (who of the set it no longer holds), and took a fifth of the register (70 MB for
            // a million records) and an index update on every insert. That query now reads the table.
            try db.execute(sql: "DROP INDEX roster_record_by_set")
        }
        migrator.registerMigration("v7-record-sheet") { db in
            // The sheet a record was on, when the list goes on over several sheets (NULL: the
            // list's first sheet, so a one-sheet list costs nothing).
            try db.execute(sql: """
                ALTER TABLE roster_record ADD COLUMN sheet TEXT;
                ALTER TABLE pension_record ADD COLUMN sheet TEXT;
                ALTER TABLE exclusion_record ADD COLUMN sheet TEXT;
                """)
        }
        return migrator
    }
}
