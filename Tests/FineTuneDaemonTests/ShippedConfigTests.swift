@testable import FineTuneDaemon
import Foundation
import Systemd
import Testing

/// `config/finetuned.conf` documents every key the daemon accepts, with a valid default.
@Suite struct ShippedConfigTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../config/finetuned.conf").standardizedFileURL.path

    @Test func asShippedEveryKeyIsCommentedOutAndTheDefaultsLoad() throws {
        let configuration = try DaemonConfiguration.load(path: Self.path, required: true, environment: [:])
        #expect(configuration.accounts.map(\.name) == ["default"])
        #expect(configuration.pollInterval == .seconds(60))
    }

    @Test func uncommentedEveryDocumentedKeyIsKnownAndItsDefaultIsValid() throws {
        // "#Key=default" lines are the documentation of the keys.
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#") && line.dropFirst().first?.isUppercase == true && line.contains("=")
                ? String(line.dropFirst()) : String(line)
        }.joined(separator: "\n")
        let document = INIDocument(sections: try INIParser.parse(uncommented, file: Self.path))
        try document.validate(schema: DaemonConfiguration.schema)
        for (section, keys) in DaemonConfiguration.schema {
            let documented = Set(document.sections(named: section).flatMap(\.assignments).map(\.key))
            #expect(
                documented == keys, "[\(section)] documents \(documented.sorted()), the daemon knows \(keys.sorted())")
        }
        _ = try DaemonConfiguration(document: document, environment: [:])
    }
}
