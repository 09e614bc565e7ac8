import JobStore
import OpenAIFineTuning

/// Finds the file that an upload whose answer was lost (a kill, a broken connection) may have
/// made, so the content is not uploaded a second time.
///
/// Contract: a file is taken only when it is the only one of the account's newest 100 files of
/// that purpose with the same name and size, created at or after `since`, and not recorded for
/// any content already. Anything ambiguous is left alone (nil): the caller uploads again.
struct LostFileSearch: Sendable {
    let store: JobStore
    let client: OpenAIClient

    func file(named filename: String, bytes: Int64, purpose: String, since: Double) async throws -> OpenAIFile? {
        let page = try await client.listFiles(purpose: OpenAIFile.Purpose(rawValue: purpose), limit: 100)
        var candidates: [OpenAIFile] = []
        for file in page.data
        where file.filename == filename && Int64(file.bytes) == bytes && Double(file.createdAt) >= since.rounded(.down)
        {
            if try store.uploadKey(ofFile: file.id) == nil { candidates.append(file) }
        }
        return candidates.count == 1 ? candidates[0] : nil
    }
}
