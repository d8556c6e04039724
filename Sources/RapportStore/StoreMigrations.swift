internal import GRDB

/// Versioned schema. Never edit a registered migration: add a new one.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: customers and deliveries ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customers (
                        id TEXT PRIMARY KEY NOT NULL,
                        email TEXT NOT NULL,
                        first_name TEXT,
                        last_name TEXT,
                        locale TEXT,
                        time_zone TEXT,
                        birthday TEXT,
                        signed_up_at TEXT,
                        last_active_at TEXT,
                        renewal_date TEXT,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        subscription TEXT NOT NULL DEFAULT 'subscribed'
                            CHECK (subscription IN ('subscribed', 'unsubscribed')),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX customers_signed_up_at ON customers(signed_up_at);

                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped')),
                        recipient TEXT,
                        subject TEXT,
                        message_id TEXT,
                        transport TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        last_attempt_at TEXT,
                        finished_at TEXT,
                        reply TEXT,
                        UNIQUE (campaign_id, customer_id, occurrence)
                    );
                    CREATE INDEX deliveries_status ON deliveries(status, created_at);
                    CREATE INDEX deliveries_customer ON deliveries(customer_id);
                    """)
        }
        migrator.registerMigration("v2: birthday month-day index") { db in
            // An expression index: `substr(birthday, 6) IN (...)` finds today's birthdays without a
            // scan, where strftime() in the WHERE clause would defeat any index.
            try db.execute(sql: "CREATE INDEX customers_birthday_month_day ON customers(substr(birthday, 6))")
            try db.execute(
                sql: "CREATE INDEX deliveries_campaign_customer ON deliveries(campaign_id, customer_id, created_at)")
        }
        migrator.registerMigration("v3: renewal date index and when it was recorded") { db in
            try db.execute(sql: "ALTER TABLE customers ADD COLUMN renewal_recorded_at TEXT")
            try db.execute(sql: "CREATE INDEX customers_renewal_date ON customers(renewal_date)")
        }
        migrator.registerMigration("v4: last activity index") { db in
            try db.execute(sql: "CREATE INDEX customers_last_active_at ON customers(last_active_at)")
        }
        migrator.registerMigration("v5: events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        customer_id TEXT NOT NULL REFERENCES customers(id),
                        kind TEXT NOT NULL,
                        occurred_at TEXT NOT NULL,
                        external_id TEXT,
                        properties TEXT NOT NULL DEFAULT '{}',
                        recorded_at TEXT NOT NULL
                    );
                    CREATE UNIQUE INDEX events_external_id ON events(customer_id, external_id) WHERE external_id IS NOT NULL;
                    CREATE INDEX events_customer_kind ON events(customer_id, kind, occurred_at);
                    CREATE INDEX events_kind_time ON events(kind, occurred_at);
                    """)
        }
        migrator.registerMigration("v6: deferred deliveries") { db in
            // SQLite cannot change a CHECK constraint in place: rebuild the table.
            try db.execute(
                sql: """
                    CREATE TABLE deliveries_v6 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped', 'deferred', 'expired')),
                        recipient TEXT,
                        subject TEXT,
                        message_id TEXT,
                        transport TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        last_attempt_at TEXT,
                        finished_at TEXT,
                        reply TEXT,
                        not_before TEXT,
                        UNIQUE (campaign_id, customer_id, occurrence)
                    );
                    INSERT INTO deliveries_v6 (id, campaign_id, customer_id, occurrence, status, recipient, subject,
                        message_id, transport, attempts, created_at, last_attempt_at, finished_at, reply)
                    SELECT id, campaign_id, customer_id, occurrence, status, recipient, subject, message_id, transport,
                        attempts, created_at, last_attempt_at, finished_at, reply FROM deliveries;
                    DROP TABLE deliveries;
                    ALTER TABLE deliveries_v6 RENAME TO deliveries;
                    CREATE INDEX deliveries_status ON deliveries(status, created_at);
                    CREATE INDEX deliveries_customer ON deliveries(customer_id);
                    CREATE INDEX deliveries_campaign_customer ON deliveries(campaign_id, customer_id, created_at);
                    CREATE INDEX deliveries_deferred ON deliveries(not_before) WHERE status = 'deferred';
                    """)
        }
        migrator.registerMigration("v7: per-category unsubscribes") { db in
            try db.execute(sql: "ALTER TABLE customers ADD COLUMN unsubscribed_categories TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v8: campaign evaluations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE campaign_evaluations (
                        campaign_id TEXT PRIMARY KEY NOT NULL,
                        evaluated_at TEXT NOT NULL
                    )
                    """)
        }
        migrator.registerMigration("v9: delivery queue with leases, suppression list") { db in
            // New statuses (queued, retrying, suppressed) change the CHECK constraint: rebuild.
            try db.execute(
                sql: """
                    CREATE TABLE deliveries_v9 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'retrying', 'sent', 'failed',
                            'suppressed', 'skipped', 'deferred', 'expired')),
                        recipient TEXT,
                        subject TEXT,
                        message_id TEXT,
                        transport TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        last_attempt_at TEXT,
                        finished_at TEXT,
                        reply TEXT,
                        not_before TEXT,
                        lease_owner TEXT,
                        lease_expires_at TEXT,
                        UNIQUE (campaign_id, customer_id, occurrence)
                    );
                    INSERT INTO deliveries_v9 (id, campaign_id, customer_id, occurrence, status, recipient, subject,
                        message_id, transport, attempts, created_at, last_attempt_at, finished_at, reply, not_before)
                    SELECT id, campaign_id, customer_id, occurrence, status, recipient, subject, message_id, transport,
                        attempts, created_at, last_attempt_at, finished_at, reply, not_before FROM deliveries;
                    DROP TABLE deliveries;
                    ALTER TABLE deliveries_v9 RENAME TO deliveries;
                    CREATE INDEX deliveries_status ON deliveries(status, created_at);
                    CREATE INDEX deliveries_customer ON deliveries(customer_id, status);
                    CREATE INDEX deliveries_campaign_customer ON deliveries(campaign_id, customer_id, created_at);
                    CREATE INDEX deliveries_deferred ON deliveries(not_before) WHERE status = 'deferred';
                    CREATE INDEX deliveries_queue ON deliveries(not_before) WHERE status IN ('queued', 'retrying');
                    CREATE INDEX deliveries_leases ON deliveries(lease_expires_at) WHERE status = 'sending';

                    CREATE TABLE suppressions (
                        address TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        reason TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v10: when a delivery was queued") { db in
            // Retries give up counting from here, not from when a deferral was first written.
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN queued_at TEXT")
            try db.execute(sql: "UPDATE deliveries SET queued_at = created_at WHERE status <> 'deferred'")
        }
        migrator.registerMigration("v11: survey answers, message events, ingest idempotency") { db in
            try db.execute(
                sql: """
                    CREATE TABLE nps_answers (
                        customer_id TEXT NOT NULL REFERENCES customers(id),
                        campaign_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
                        comment TEXT,
                        first_answered_at TEXT NOT NULL,
                        answered_at TEXT NOT NULL,
                        PRIMARY KEY (customer_id, campaign_id, occurrence)
                    );
                    CREATE INDEX nps_answers_time ON nps_answers(answered_at);
                    CREATE TABLE message_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('open', 'click', 'unsubscribe')),
                        url TEXT,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX message_events_delivery ON message_events(campaign_id, customer_id, occurrence, kind);
                    CREATE INDEX message_events_time ON message_events(kind, at);
                    CREATE TABLE ingest_requests (
                        client TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        response TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (client, idempotency_key)
                    );
                    """)
        }
        migrator.registerMigration("v12: held-out deliveries (campaign control groups)") { db in
            // A new status changes the CHECK constraint: rebuild, keeping every column and index.
            try db.execute(
                sql: """
                    CREATE TABLE deliveries_v12 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        campaign_id TEXT NOT NULL,
                        customer_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'retrying', 'sent', 'failed',
                            'suppressed', 'skipped', 'deferred', 'expired', 'held_out')),
                        recipient TEXT,
                        subject TEXT,
                        message_id TEXT,
                        transport TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        last_attempt_at TEXT,
                        finished_at TEXT,
                        reply TEXT,
                        not_before TEXT,
                        lease_owner TEXT,
                        lease_expires_at TEXT,
                        queued_at TEXT,
                        UNIQUE (campaign_id, customer_id, occurrence)
                    );
                    INSERT INTO deliveries_v12 SELECT id, campaign_id, customer_id, occurrence, status, recipient, subject,
                        message_id, transport, attempts, created_at, last_attempt_at, finished_at, reply, not_before,
                        lease_owner, lease_expires_at, queued_at FROM deliveries;
                    DROP TABLE deliveries;
                    ALTER TABLE deliveries_v12 RENAME TO deliveries;
                    CREATE INDEX deliveries_status ON deliveries(status, created_at);
                    CREATE INDEX deliveries_customer ON deliveries(customer_id, status);
                    CREATE INDEX deliveries_campaign_customer ON deliveries(campaign_id, customer_id, created_at);
                    CREATE INDEX deliveries_deferred ON deliveries(not_before) WHERE status = 'deferred';
                    CREATE INDEX deliveries_queue ON deliveries(not_before) WHERE status IN ('queued', 'retrying');
                    CREATE INDEX deliveries_leases ON deliveries(lease_expires_at) WHERE status = 'sending';
                    """)
        }
        migrator.registerMigration("v13: every sending row has a lease expiry") { db in
            // Rows left `sending` before leases existed (v9) have none, and a worker took them as
            // expired. Giving them their last attempt as expiry keeps that meaning and lets the
            // claim find expired leases by a range on `deliveries_leases` (`lease_expires_at <= now`)
            // instead of walking the index for NULLs.
            try db.execute(
                sql: """
                    UPDATE deliveries SET lease_expires_at = COALESCE(last_attempt_at, created_at)
                    WHERE status = 'sending' AND lease_expires_at IS NULL
                    """)
        }
        migrator.registerMigration("v14: customers by phone, delivery channels, ZNS tokens") { db in
            // SQLite cannot drop NOT NULL from `email`: the table is rebuilt (the references from
            // events and nps_answers name the table, which keeps its name).
            try db.execute(
                sql: """
                    CREATE TABLE customers_v14 (
                        id TEXT PRIMARY KEY NOT NULL,
                        email TEXT,
                        phone TEXT,
                        first_name TEXT,
                        last_name TEXT,
                        locale TEXT,
                        time_zone TEXT,
                        birthday TEXT,
                        signed_up_at TEXT,
                        last_active_at TEXT,
                        renewal_date TEXT,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        subscription TEXT NOT NULL DEFAULT 'subscribed'
                            CHECK (subscription IN ('subscribed', 'unsubscribed')),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        renewal_recorded_at TEXT,
                        unsubscribed_categories TEXT NOT NULL DEFAULT '',
                        CHECK (email IS NOT NULL OR phone IS NOT NULL)
                    );
                    INSERT INTO customers_v14 (id, email, first_name, last_name, locale, time_zone, birthday,
                        signed_up_at, last_active_at, renewal_date, attributes, subscription, created_at, updated_at,
                        renewal_recorded_at, unsubscribed_categories)
                    SELECT id, email, first_name, last_name, locale, time_zone, birthday, signed_up_at,
                        last_active_at, renewal_date, attributes, subscription, created_at, updated_at,
                        renewal_recorded_at, unsubscribed_categories FROM customers;
                    DROP TABLE customers;
                    ALTER TABLE customers_v14 RENAME TO customers;
                    CREATE INDEX customers_signed_up_at ON customers(signed_up_at);
                    CREATE INDEX customers_birthday_month_day ON customers(substr(birthday, 6));
                    CREATE INDEX customers_renewal_date ON customers(renewal_date);
                    CREATE INDEX customers_last_active_at ON customers(last_active_at);
                    CREATE INDEX customers_phone ON customers(phone);

                    -- Which of a campaign's channels the occurrence goes by next, and what the
                    -- channels left behind answered (one line each).
                    ALTER TABLE deliveries ADD COLUMN channel INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE deliveries ADD COLUMN channel_attempts TEXT;

                    -- One row per Zalo app: the refresh token can be used once, so it is written
                    -- the moment a new one arrives, and one daemon at a time refreshes (a lease).
                    CREATE TABLE zns_tokens (
                        app_id TEXT PRIMARY KEY NOT NULL,
                        access_token TEXT,
                        access_expires_at TEXT,
                        refresh_token TEXT NOT NULL,
                        refresh_owner TEXT,
                        refresh_until TEXT,
                        updated_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v15: consent history, survey link fetches") { db in
            // Every change of subscription or declined categories, with its source, so an import
            // can tell the customer's own unsubscribe from one it wrote itself. Unsubscribes made
            // through links before this version are carried over as the customer's own.
            try db.execute(
                sql: """
                    CREATE TABLE consent_changes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        customer_id TEXT NOT NULL,
                        at DATETIME NOT NULL,
                        subscription TEXT NOT NULL,
                        declined TEXT NOT NULL,
                        source TEXT NOT NULL,
                        by_customer BOOLEAN NOT NULL,
                        consent TEXT
                    );
                    CREATE INDEX consent_changes_by_customer ON consent_changes (customer_id, at);
                    INSERT INTO consent_changes (customer_id, at, subscription, declined, source, by_customer)
                    SELECT c.id, MAX(e.at), c.subscription, c.unsubscribed_categories, 'unsubscribe link', 1
                    FROM message_events e JOIN customers c ON c.id = e.customer_id
                    WHERE e.kind = 'unsubscribe' GROUP BY c.id;
                    """)
            // Every GET of a score link, so a scanner's sweep (several scores of one survey within
            // links.nps_scan_window) is told from a person's click and kept as discarded.
            try db.execute(
                sql: """
                    CREATE TABLE nps_link_fetches (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        customer_id TEXT NOT NULL,
                        campaign_id TEXT NOT NULL,
                        occurrence TEXT NOT NULL,
                        score INTEGER NOT NULL,
                        at DATETIME NOT NULL,
                        discarded BOOLEAN NOT NULL,
                        previous_score INTEGER
                    );
                    CREATE INDEX nps_link_fetches_by_survey ON nps_link_fetches (customer_id, campaign_id, occurrence, at);
                    """)
        }
        return migrator
    }
}
