@testable import OpenAIFineTuning
import Testing

/// Metrics label requests by template, never by a path with ids in it.
@Suite struct EndpointTemplateTests {
    @Test func idsBecomePlaceholders() {
        #expect(EndpointTemplate.of(method: "GET", path: "/fine_tuning/jobs") == "GET /fine_tuning/jobs")
        #expect(EndpointTemplate.of(method: "GET", path: "/fine_tuning/jobs/ftjob-abc") == "GET /fine_tuning/jobs/{id}")
        #expect(
            EndpointTemplate.of(method: "GET", path: "/fine_tuning/jobs/ftjob-abc/events")
                == "GET /fine_tuning/jobs/{id}/events")
        #expect(
            EndpointTemplate.of(method: "POST", path: "/fine_tuning/jobs/ftjob-abc/cancel")
                == "POST /fine_tuning/jobs/{id}/cancel")
        #expect(
            EndpointTemplate.of(method: "GET", path: "/models/ft%3Agpt-4o-mini%3Aorg%3A%3Aabc") == "GET /models/{id}")
        #expect(EndpointTemplate.of(method: "POST", path: "/uploads/upload-1/parts") == "POST /uploads/{id}/parts")
        #expect(EndpointTemplate.of(method: "GET", path: "/files/file-1/content") == "GET /files/{id}/content")
    }

    @Test func unknownPathsCollapseToOneLabel() {
        #expect(EndpointTemplate.of(method: "GET", path: "/fine_tuning/jobs/a/b/c") == "GET (other)")
        #expect(EndpointTemplate.of(method: "GET", path: "/something/ftjob-secret") == "GET (other)")
    }

    @Test func everyRequestTheClientBuildsHasATemplate() throws {
        let requests: [APIRequest] = [
            .get("/fine_tuning/jobs"), .get("/fine_tuning/jobs/\(pathSegment("ft:x"))/checkpoints"),
            .post("/fine_tuning/jobs/j/pause"), .post("/fine_tuning/jobs/j/resume"), .delete("/files/f"),
            .delete("/models/m"), .post("/uploads/u/complete"), .post("/uploads/u/cancel"), .post("/chat/completions"),
            .get("/files"), .get("/models"), .post("/uploads"),
        ]
        for request in requests {
            #expect(!request.endpoint.contains("(other)"), "\(request.label)")
        }
    }
}
