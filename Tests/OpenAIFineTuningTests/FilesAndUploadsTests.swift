import Foundation
import OpenAIFineTuning
import Testing

@Suite struct FilesAndUploadsTests {
    @Test func anUploadedFileComesBackByteForByte() async throws {
        try await SimulatorFixture.with { fixture in
            let path = try TrainingFiles.write(examples: 40)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let file = try await fixture.client.uploadFile(at: path)
            #expect(file.bytes == original.count)
            #expect(try await fixture.client.fileContent(file.id) == original)
        }
    }

    @Test func aThreePartUploadAssemblesTheFile() async throws {
        try await SimulatorFixture.with { fixture in
            let path = try TrainingFiles.write(examples: 30)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let partSize = Int64(original.count / 3 + 1)
            let file = try await fixture.client.uploadLargeFile(at: path, partSize: partSize)
            #expect(fixture.simulator.requestCounts()["POST /uploads/{id}/parts"] == 3)
            #expect(file.bytes == original.count)
            #expect(try await fixture.client.fileContent(file.id) == original)
            // The assembled file trains like any other.
            let job = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            #expect(try await fixture.waitForEnd(job.id).status == .succeeded)
        }
    }

    @Test func anUploadCanBeCancelledAndRefusesPartsAfterwards() async throws {
        try await SimulatorFixture.with { fixture in
            let path = try TrainingFiles.write(examples: 10)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let upload = try await fixture.client.createUpload(filename: "x.jsonl", bytes: 10)
            #expect(upload.status == .pending)
            #expect(try await fixture.client.cancelUpload(uploadID: upload.id).status == .cancelled)
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.addUploadPart(uploadID: upload.id, from: path, range: 0..<10)
            }
            #expect(error?.status == 400)
        }
    }

    @Test func aCompleteWithTheWrongByteCountIsRefused() async throws {
        try await SimulatorFixture.with { fixture in
            let path = try TrainingFiles.write(examples: 10)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let upload = try await fixture.client.createUpload(filename: "x.jsonl", bytes: 1000)
            let part = try await fixture.client.addUploadPart(uploadID: upload.id, from: path, range: 0..<10)
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.completeUpload(uploadID: upload.id, partIDs: [part.id])
            }
            #expect(error?.status == 400 && error?.param == "part_ids")
        }
    }

    @Test func modelsListBaseAndRetiringModels() async throws {
        try await SimulatorFixture.with { fixture in
            fixture.simulator.setShutdownDate(model: "gpt-4o-mini-2024-07-18", date: "2027-03-01")
            let models = try await fixture.client.listModels()
            #expect(models.first { $0.id == "gpt-4o-mini-2024-07-18" }?.shutdownDate == "2027-03-01")
            #expect(models.first { $0.id == "gpt-4.1-2025-04-14" }?.shutdownDate == nil)
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.deleteModel("gpt-4o-mini-2024-07-18")
            }
            #expect(error?.status == 403 && error?.isFinal == true)
        }
    }
}
