import Testing

@testable import JobStore

/// The method and hyperparameters `jobDetail(id:)` reads ready-made: derived from the stored
/// API JSON when a job is written (and for rows stored before the columns existed), by the
/// rules `Wire.Job` applies to the raw JSON.
@Suite struct JobDetailDerivedColumnsTests {
    /// Stores a job with `raw` as its API JSON and reads its detail.
    private func detail(_ raw: String?, store: JobStore, id: String = "ftjob-d") throws -> JobStore.JobDetail {
        try store.apply(PollUpdate(job: Fixture.job(id, rawJSON: raw), polledAt: 1))
        return try #require(try store.jobDetail(id: id))
    }

    @Test func theMethodsHyperparametersComeFirstThenTheTopLevelOnes() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let supervised = try detail(
            #"{"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":3,"batch_size":"auto"}}},"#
                + #""hyperparameters":{"n_epochs":9}}"#, store: store)
        #expect(supervised.methodType == "supervised")
        #expect(supervised.hyperparametersJSON == #"{"n_epochs":3,"batch_size":"auto"}"#)

        let topLevel = try detail(
            #"{"method":{"type":"dpo","dpo":{}},"hyperparameters":{"learning_rate_multiplier":1.8}}"#, store: store)
        #expect(topLevel.methodType == "dpo")
        #expect(topLevel.hyperparametersJSON == #"{"learning_rate_multiplier":1.8}"#)

        let noMethod = try detail(#"{"hyperparameters":{"n_epochs":2}}"#, store: store)
        #expect(noMethod.methodType == nil)
        #expect(noMethod.hyperparametersJSON == #"{"n_epochs":2}"#)
    }

    @Test func shapesThatAreNotObjectsGiveNothingAndNeverFailTheWrite() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        // The method's own hyperparameters are null: nothing, not the top-level ones.
        let null = try detail(
            #"{"method":{"type":"supervised","supervised":{"hyperparameters":null}},"hyperparameters":{"n_epochs":1}}"#,
            store: store)
        #expect(null.methodType == "supervised" && null.hyperparametersJSON == nil)
        let odd = [
            #"[1,2]"#, #""text""#, #"{"method":"supervised","hyperparameters":"auto"}"#,
            #"{"method":{"type":7,"7":{"hyperparameters":{}}}}"#,
            #"{"method":{"type":"supervised","supervised":"x"},"hyperparameters":[1]}"#,
            #"{"method":{"type":"a.b\"c","a.b\"c":{"hyperparameters":{"k":1}}}}"#,
        ]
        for (index, raw) in odd.enumerated() {
            let found = try detail(raw, store: store, id: "ftjob-odd-\(index)")
            #expect(found.hyperparametersJSON == nil || index == odd.count - 1, "\(raw)")
        }
        let quoted = try #require(try store.jobDetail(id: "ftjob-odd-\(odd.count - 1)"))
        #expect(quoted.methodType == #"a.b"c"#)
        #expect(quoted.hyperparametersJSON == #"{"k":1}"#)
        #expect(try detail(nil, store: store, id: "ftjob-none").hyperparametersJSON == nil)
    }

    @Test func aLaterWriteOfTheRawJSONUpdatesThem() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        _ = try detail(#"{"hyperparameters":{"n_epochs":"auto"}}"#, store: store)
        let later = try detail(
            #"{"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":4}}}}"#, store: store)
        #expect(later.methodType == "supervised")
        #expect(later.hyperparametersJSON == #"{"n_epochs":4}"#)
    }

    @Test func jobsStoredBeforeTheColumnsExistedAreFilledByTheMigration() throws {
        let dir = try TemporaryDirectory()
        do {
            // The schema as it was just before this migration, with one job in it.
            let raw = try SQLiteConnection(path: dir.databasePath, create: true)
            let earlier = Migration.all.prefix { $0.version != schemaIssue14j.version }
            for migration in earlier { try raw.executeScript(migration.sql) }
            try raw.executeScript(
                """
                PRAGMA application_id = \(DatabaseOpener.applicationID);
                PRAGMA user_version = \(earlier.last!.version);
                INSERT INTO jobs (id, account, status, model, created_at, raw_json, first_seen_at, updated_at)
                VALUES ('ftjob-old', 'default', 'succeeded', 'gpt-4o-mini', 1,
                    '{"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":5}}}}', 1, 1);
                """)
        }
        let store = try JobStore.open(path: dir.databasePath)
        #expect(try store.schemaVersion == Migration.latestVersion)
        let old = try #require(try store.jobDetail(id: "ftjob-old"))
        #expect(old.methodType == "supervised" && old.hyperparametersJSON == #"{"n_epochs":5}"#)
    }
}
