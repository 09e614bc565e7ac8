/// Maps a method and path to an endpoint template and its handler. The template
/// (`GET /fine_tuning/jobs/{id}`) is what request counts and fault rules name.
enum Router {
    typealias Handler = @Sendable (SimulatorCore, SimRequest, inout SimulatorState) -> SimResponse

    struct Route {
        var endpoint: String
        var handler: Handler
    }

    /// `segments` excludes the `/v1` or `/openai` prefix.
    static func route(method: String, segments: [String]) -> Route? {
        func r(_ template: String, _ handler: @escaping Handler) -> Route {
            Route(endpoint: "\(method) \(template)", handler: handler)
        }
        switch (method, segments.count, segments.first) {
        case ("POST", 2, "fine_tuning") where segments[1] == "jobs":
            return r("/fine_tuning/jobs") { $0.createJob($1, &$2) }
        case ("GET", 2, "fine_tuning") where segments[1] == "jobs":
            return r("/fine_tuning/jobs") { $0.listJobs($1, &$2) }
        case ("GET", 3, "fine_tuning") where segments[1] == "jobs":
            let id = segments[2]
            return r("/fine_tuning/jobs/{id}") { $0.retrieveJob(id, &$2) }
        case ("POST", 4, "fine_tuning") where segments[1] == "jobs":
            let id = segments[2]
            switch segments[3] {
            case "cancel": return r("/fine_tuning/jobs/{id}/cancel") { $0.cancelJob(id, &$2) }
            case "pause": return r("/fine_tuning/jobs/{id}/pause") { $0.pauseJob(id, &$2) }
            case "resume": return r("/fine_tuning/jobs/{id}/resume") { $0.resumeJob(id, &$2) }
            default: return nil
            }
        case ("GET", 4, "fine_tuning") where segments[1] == "jobs":
            let id = segments[2]
            switch segments[3] {
            case "events": return r("/fine_tuning/jobs/{id}/events") { $0.listEvents(id, $1, &$2) }
            case "checkpoints":
                return r("/fine_tuning/jobs/{id}/checkpoints") { $0.listCheckpoints(id, $1, &$2) }
            default: return nil
            }
        case ("POST", 1, "files"):
            return r("/files") { $0.uploadFile($1, &$2) }
        case ("GET", 1, "files"):
            return r("/files") { $0.listFiles($1, &$2) }
        case ("GET", 2, "files"):
            let id = segments[1]
            return r("/files/{id}") { $0.retrieveFile(id, &$2) }
        case ("DELETE", 2, "files"):
            let id = segments[1]
            return r("/files/{id}") { $0.deleteFile(id, &$2) }
        case ("GET", 3, "files") where segments[2] == "content":
            let id = segments[1]
            return r("/files/{id}/content") { $0.fileContent(id, &$2) }
        case ("POST", 1, "uploads"):
            return r("/uploads") { $0.createUpload($1, &$2) }
        case ("POST", 3, "uploads"):
            let id = segments[1]
            switch segments[2] {
            case "parts": return r("/uploads/{id}/parts") { $0.addUploadPart(id, $1, &$2) }
            case "complete": return r("/uploads/{id}/complete") { $0.completeUpload(id, $1, &$2) }
            case "cancel": return r("/uploads/{id}/cancel") { $0.cancelUpload(id, &$2) }
            default: return nil
            }
        case ("GET", 1, "models"):
            return r("/models") { core, _, state in core.listModels(&state) }
        case ("GET", 2, "models"):
            let id = segments[1]
            return r("/models/{id}") { $0.retrieveModel(id, &$2) }
        case ("DELETE", 2, "models"):
            let id = segments[1]
            return r("/models/{id}") { $0.deleteModel(id, &$2) }
        case ("POST", 2, "chat") where segments[1] == "completions":
            return r("/chat/completions") { $0.chatCompletion($1, &$2) }
        case ("POST", 4, "deployments") where segments[2] == "chat" && segments[3] == "completions":
            // Azure's dated API: chat through the deployment the path names.
            let name = segments[1]
            return r("/deployments/{name}/chat/completions") { $0.chatCompletion($1, &$2, deployment: name) }
        default:
            return nil
        }
    }
}
