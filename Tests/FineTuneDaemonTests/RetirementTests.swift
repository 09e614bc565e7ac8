@testable import FineTuneDaemon
import Foundation
import OpenAIFineTuning
import Testing

/// The retirement decisions, as pure values: no I/O, days injected.
@Suite struct RetirementTests {
    static func day(_ text: String) throws -> CalendarDay { try #require(CalendarDay(text)) }

    @Test func theShippedTableReadsAndNamesItsSources() throws {
        let table = try AnnouncedRetirements.shipped()
        let gpt4o = try #require(table.entry(.shutdown, model: "gpt-4o-2024-08-06", provider: .openAI))
        #expect(gpt4o.day == (try Self.day("2027-01-14")))
        #expect(gpt4o.source.contains("OpenAI"))
        #expect(table.jobCreationEnds(provider: .openAI)?.day == (try Self.day("2027-01-06")))
        #expect(
            table.entry(.fineTune, model: "gpt-4.1-2025-04-14", provider: .azure)?.day == (try Self.day("2026-10-14")))
    }

    @Test func aBadLineIsReportedWithItsFileAndLine() {
        let text = "source s Somewhere\nopenai gpt-4o shutdown 2027-13-01 s\n"
        #expect(throws: AnnouncedRetirements.ParseError.self) { try AnnouncedRetirements.parse(text, file: "t.txt") }
        do {
            _ = try AnnouncedRetirements.parse(text, file: "t.txt")
        } catch {
            #expect(error.description.hasPrefix("t.txt:2: not a date"))
        }
        #expect(throws: AnnouncedRetirements.ParseError.self) {
            try AnnouncedRetirements.parse("openai gpt-4o shutdown 2027-01-01 nosource\n", file: "t.txt")
        }
    }

    @Test func fineTunedNamesGiveTheirBaseInBothSpellings() {
        #expect(FineTunedModelName("ft:gpt-4o-mini-2024-07-18:org:support:AbC123")?.base == "gpt-4o-mini-2024-07-18")
        #expect(FineTunedModelName("ft:gpt-4o-mini-2024-07-18:org:support:AbC123")?.suffix == "support")
        #expect(FineTunedModelName("ft:gpt-4o-mini-2024-07-18:org::AbC123")?.suffix == nil)
        let azure = FineTunedModelName("gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7-tutor")
        #expect(azure?.base == "gpt-4.1-2025-04-14")
        #expect(azure?.suffix == "tutor")
        #expect(FineTunedModelName("gpt-4.1-2025-04-14") == nil)
        #expect(FineTunedModelName.root(of: "gpt-4o-2024-08-06.ft-abc123") == "gpt-4o-2024-08-06")
    }

    @Test func aFineTuneInheritsItsBasesDateAndTheAPIWins() throws {
        let table = RetirementTable(
            announced: try AnnouncedRetirements.shipped(),
            configured: ["gpt-4.1-nano-2025-04-14": try Self.day("2027-05-01")])
        let fineTune = "ft:gpt-4o-mini-2024-07-18:org:x:1"
        let announced = table.dates(of: fineTune, provider: .openAI, listed: [:])
        #expect(announced.shutdown == DatedEnd(day: try Self.day("2027-01-14"), source: .announced))
        let listed = [
            "gpt-4o-mini-2024-07-18": Model(id: "gpt-4o-mini-2024-07-18", created: 0, shutdownDate: "2027-02-01")
        ]
        #expect(table.dates(of: fineTune, provider: .openAI, listed: listed).shutdown?.source == .api)
        #expect(
            table.dates(of: fineTune, provider: .openAI, listed: [:], storedShutdown: "2027-03-03").shutdown
                == DatedEnd(day: try Self.day("2027-03-03"), source: .api))
        let configured = table.dates(of: "ft:gpt-4.1-nano-2025-04-14:org::2", provider: .openAI, listed: [:])
        #expect(configured.shutdown == DatedEnd(day: try Self.day("2027-05-01"), source: .config))
        #expect(table.dates(of: "ft:gpt-3.5-turbo-0125:org::3", provider: .openAI, listed: [:]).shutdown == nil)
    }

    @Test func azureCarriesTwoDatesFromDeprecation() throws {
        let table = RetirementTable(announced: try AnnouncedRetirements.shipped())
        let base = "gpt-4.1-2025-04-14"
        let listed = [
            base: Model(
                id: base, created: 0, capabilities: .init(fineTune: true),
                deprecation: .init(fineTune: 1_800_000_000, inference: 1_830_000_000))
        ]
        let dates = table.dates(of: base + ".ft-0123456789abcdef", provider: .azure, listed: listed)
        #expect(dates.fineTune == DatedEnd(day: CalendarDay(unixSeconds: 1_800_000_000), source: .api))
        #expect(dates.shutdown == DatedEnd(day: CalendarDay(unixSeconds: 1_830_000_000), source: .api))
        let announced = table.dates(of: base + ".ft-0123456789abcdef", provider: .azure, listed: [:])
        #expect(announced.fineTune?.day == (try Self.day("2026-10-14")))
        #expect(announced.shutdown?.day == (try Self.day("2027-10-14")))
    }

    @Test func warningsFireAt30And7And1DaysOnceEach() throws {
        let shutdown = try Self.day("2027-01-14")
        let subjects = [
            RetirementWarnings.Subject(
                model: "ft:m", dates: RetirementDates(shutdown: DatedEnd(day: shutdown, source: .announced)))
        ]
        var given: Set<RetirementWarnings.Key> = []
        var fired: [Int] = []
        // Every day from 60 days before to 3 days after, checked twice a day (a restart).
        for offset in -60...3 {
            for _ in 0..<2 {
                for warning in RetirementWarnings.due(subjects, today: shutdown.adding(days: offset), given: given) {
                    fired.append(warning.key.threshold)
                    given.insert(warning.key)
                }
            }
        }
        #expect(fired == [30, 7, 1])
        // First seen 5 days before: only the tightest window.
        let late = RetirementWarnings.due(subjects, today: shutdown.adding(days: -5), given: [])
        #expect(late.map(\.key.threshold) == [7])
        // A date that moves is warned about again.
        let moved = [
            RetirementWarnings.Subject(
                model: "ft:m", dates: RetirementDates(shutdown: DatedEnd(day: shutdown.adding(days: 1), source: .api)))
        ]
        #expect(RetirementWarnings.due(moved, today: shutdown.adding(days: -2), given: given).count == 1)
        #expect(RetirementWarnings.due(subjects, today: shutdown.adding(days: -10), given: [], widest: 0).isEmpty)
    }

    @Test func statusNamesTheNearestShutdownWithinAWeek() throws {
        let today = try Self.day("2027-01-10")
        let subjects = [
            RetirementWarnings.Subject(
                model: "a", dates: .init(shutdown: .init(day: today.adding(days: 20), source: .api))),
            RetirementWarnings.Subject(
                model: "b", dates: .init(shutdown: .init(day: today.adding(days: 4), source: .api))),
            RetirementWarnings.Subject(
                model: "c", dates: .init(shutdown: .init(day: today.adding(days: 6), source: .api))),
        ]
        let nearest = try #require(RetirementWarnings.nearest(subjects, today: today))
        #expect(nearest.model == "b" && nearest.daysLeft == 4)
        #expect(RetirementWarnings.nearest(Array(subjects.prefix(1)), today: today) == nil)
        #expect(
            RetiringSoon(model: "b", day: nearest.day, daysLeft: 4).description == "b shuts down in 4 days (2027-01-14)"
        )
    }

    @Test func openAIJobCreationEndsAfterTheSixthOfJanuary() throws {
        let table = try AnnouncedRetirements.shipped()
        #expect(
            JobCreationCutoff.refusal(provider: .openAI, today: try Self.day("2027-01-06"), announced: table) == nil)
        let refusal = try #require(
            JobCreationCutoff.refusal(provider: .openAI, today: try Self.day("2027-01-07"), announced: table))
        #expect(refusal.contains("after 2027-01-06"))
        #expect(JobCreationCutoff.refusal(provider: .azure, today: try Self.day("2027-01-07"), announced: table) == nil)
    }

    @Test func daysAreCalendarDaysInUTC() throws {
        #expect(CalendarDay("2027-02-30") == nil)
        #expect(CalendarDay("2027-1-5") == nil)
        let day = try Self.day("2027-01-14")
        #expect(day.description == "2027-01-14")
        #expect(CalendarDay(Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + 86_399)) == day)
        #expect(try Self.day("2027-01-06").days(until: day) == 8)
    }
}

@Suite struct RetirementConfigurationTests {
    @Test func modelShutdownIsRepeatableAndABadOneNamesItsFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("retire-\(UUID().uuidString).conf")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "[Retirement]\nModelShutdown=gpt-4o-2024-08-06 2027-01-14\nModelShutdown=my-model 2027-02-01\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(path: path, required: true, environment: [:])
        #expect(configuration.modelShutdowns["my-model"] == CalendarDay("2027-02-01"))
        #expect(configuration.modelShutdowns.count == 2)
        try "[Retirement]\n\nModelShutdown=gpt-4o 14.01.2027\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try DaemonConfiguration.load(path: path, required: true, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("\(path):3"))
            #expect(error.description.contains("ModelShutdown"))
        }
    }

    @Test func announcementsApplyToTheProvidersOwnServiceOrADeclaredOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("provider-\(UUID().uuidString).conf")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        [Account]
        Name=openai
        [Account]
        Name=local
        BaseURL=http://127.0.0.1:8080/v1
        [Account]
        Name=declared
        BaseURL=http://127.0.0.1:8081/v1
        Provider=openai
        [Account]
        Name=azure
        BaseURL=https://r.openai.azure.com/openai
        AuthStyle=azure
        APIVersion=2024-10-21
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let accounts = try DaemonConfiguration.load(path: path, required: true, environment: [:]).accounts
        #expect(accounts.map(\.provider) == [.openAI, nil, .openAI, .azure])
        // A compatible service's jobs are not refused by OpenAI's announcement.
        let late = try #require(CalendarDay("2027-02-01"))
        #expect(
            JobCreationCutoff.refusal(provider: nil, today: late, announced: try AnnouncedRetirements.shipped()) == nil)
    }
}
