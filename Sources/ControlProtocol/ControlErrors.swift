// The errors of the control interfaces as types, one per error name declared in the `.varlink`
// files (an error declared by two interfaces has the same fields in both). Written from the
// descriptions; `ControlProtocolConformanceTests` fails when the two drift apart.
import Varlink

/// A control-interface error a program can match on by type rather than by name.
public protocol ControlErrorValue: Error, Codable, Sendable, Equatable {
    /// The error's name within its interface (`NoSuchJob`).
    static var errorName: String { get }
}

extension ControlErrorValue {
    /// The Varlink error that carries this one for `interface` (`io.finetuned.Jobs`).
    public func varlinkError(interface: String) -> VarlinkError {
        // Every field is a string, number, boolean or list of them: always an object.
        (try? VarlinkError(name: interface + "." + Self.errorName, encoding: self))
            ?? VarlinkError(name: interface + "." + Self.errorName, parameters: [:])
    }
}

/// The control interfaces' errors, by name.
public enum ControlError {
    /// Every error type, for ``decode(_:)`` and the conformance test.
    public static let all: [any ControlErrorValue.Type] = [
        ApiError.self,
        BudgetExceeded.self,
        DeploymentRefused.self,
        DescriptorsRefused.self,
        FileNotReadable.self,
        InternalError.self,
        InvalidDescriptor.self,
        InvalidRequest.self,
        InvalidTrainingData.self,
        JobCreationEnded.self,
        MessageTooLarge.self,
        MigrationRefused.self,
        ModelNotAvailable.self,
        ModelUnreachable.self,
        NoEquivalentModel.self,
        NoSuchAccount.self,
        NoSuchJob.self,
        NoSuchModel.self,
        NoSuchSubmission.self,
        PermissionDenied.self,
        ReloadRefused.self,
        SubmissionFailed.self,
        SubmissionFinished.self,
        SubmissionInterrupted.self,
        TooManyConnections.self,
        TrainingFileNeeded.self,
    ]

    private static let byName: [String: any ControlErrorValue.Type] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.errorName, $0) })

    /// The typed error a reply carried, or `nil` when its name is not one of the control
    /// interfaces' errors (`org.varlink.service.*`, a newer daemon's) or its parameters do not
    /// have the declared shape.
    public static func decode(_ error: VarlinkError) -> (any ControlErrorValue)? {
        guard let dot = error.name.lastIndex(of: "."),
            error.name.hasPrefix("io.finetuned.") || error.name.hasPrefix("io.systemd."),
            let type = byName[String(error.name[error.name.index(after: dot)...])]
        else { return nil }
        return try? JSONValue.object(error.parameters).decode(type)
    }

    public struct ApiError: ControlErrorValue {
        public static let errorName = "ApiError"
        public var status: Int64?
        public var type: String?
        public var code: String?
        public var param: String?
        public var message: String
        public var request_id: String?

        public init(
            status: Int64? = nil, type: String? = nil, code: String? = nil, param: String? = nil, message: String,
            request_id: String? = nil
        ) {
            self.status = status
            self.type = type
            self.code = code
            self.param = param
            self.message = message
            self.request_id = request_id
        }
    }

    public struct BudgetExceeded: ControlErrorValue {
        public static let errorName = "BudgetExceeded"
        public var estimated_cost: Double
        public var max_cost: Double

        public init(estimated_cost: Double, max_cost: Double) {
            self.estimated_cost = estimated_cost
            self.max_cost = max_cost
        }
    }

    public struct DeploymentRefused: ControlErrorValue {
        public static let errorName = "DeploymentRefused"
        public var reason: String
        public var message: String
        public var name: String?

        public init(reason: String, message: String, name: String? = nil) {
            self.reason = reason
            self.message = message
            self.name = name
        }
    }

    public struct DescriptorsRefused: ControlErrorValue {
        public static let errorName = "DescriptorsRefused"
        public var maximum: Int64
        public var received: Int64

        public init(maximum: Int64, received: Int64) {
            self.maximum = maximum
            self.received = received
        }
    }

    public struct FileNotReadable: ControlErrorValue {
        public static let errorName = "FileNotReadable"
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    public struct InternalError: ControlErrorValue {
        public static let errorName = "InternalError"

        public init() {}
    }

    public struct InvalidDescriptor: ControlErrorValue {
        public static let errorName = "InvalidDescriptor"
        public var parameter: String
        public var reason: String

        public init(parameter: String, reason: String) {
            self.parameter = parameter
            self.reason = reason
        }
    }

    public struct InvalidRequest: ControlErrorValue {
        public static let errorName = "InvalidRequest"
        public var parameter: String
        public var reason: String

        public init(parameter: String, reason: String) {
            self.parameter = parameter
            self.reason = reason
        }
    }

    public struct InvalidTrainingData: ControlErrorValue {
        public static let errorName = "InvalidTrainingData"
        public var path: String
        public var errors: Int64
        public var problems: [Wire.Problem]

        public init(path: String, errors: Int64, problems: [Wire.Problem]) {
            self.path = path
            self.errors = errors
            self.problems = problems
        }
    }

    public struct JobCreationEnded: ControlErrorValue {
        public static let errorName = "JobCreationEnded"
        public var account: String
        public var message: String

        public init(account: String, message: String) {
            self.account = account
            self.message = message
        }
    }

    public struct MessageTooLarge: ControlErrorValue {
        public static let errorName = "MessageTooLarge"
        public var maximum_size: Int64

        public init(maximum_size: Int64) {
            self.maximum_size = maximum_size
        }
    }

    public struct MigrationRefused: ControlErrorValue {
        public static let errorName = "MigrationRefused"
        public var id: String
        public var message: String

        public init(id: String, message: String) {
            self.id = id
            self.message = message
        }
    }

    public struct ModelNotAvailable: ControlErrorValue {
        public static let errorName = "ModelNotAvailable"
        public var model: String
        public var reason: String

        public init(model: String, reason: String) {
            self.model = model
            self.reason = reason
        }
    }

    public struct ModelUnreachable: ControlErrorValue {
        public static let errorName = "ModelUnreachable"
        public var model: String
        public var account: String?
        public var message: String

        public init(model: String, account: String? = nil, message: String) {
            self.model = model
            self.account = account
            self.message = message
        }
    }

    public struct NoEquivalentModel: ControlErrorValue {
        public static let errorName = "NoEquivalentModel"
        public var model: String
        public var account: String
        public var fine_tunable: [String]
        public var message: String

        public init(model: String, account: String, fine_tunable: [String], message: String) {
            self.model = model
            self.account = account
            self.fine_tunable = fine_tunable
            self.message = message
        }
    }

    public struct NoSuchAccount: ControlErrorValue {
        public static let errorName = "NoSuchAccount"
        public var account: String

        public init(account: String) {
            self.account = account
        }
    }

    public struct NoSuchJob: ControlErrorValue {
        public static let errorName = "NoSuchJob"
        public var id: String

        public init(id: String) {
            self.id = id
        }
    }

    public struct NoSuchModel: ControlErrorValue {
        public static let errorName = "NoSuchModel"
        public var id: String

        public init(id: String) {
            self.id = id
        }
    }

    public struct NoSuchSubmission: ControlErrorValue {
        public static let errorName = "NoSuchSubmission"
        public var id: String

        public init(id: String) {
            self.id = id
        }
    }

    public struct PermissionDenied: ControlErrorValue {
        public static let errorName = "PermissionDenied"
        public var method: String
        public var access: String?

        public init(method: String, access: String? = nil) {
            self.method = method
            self.access = access
        }
    }

    public struct ReloadRefused: ControlErrorValue {
        public static let errorName = "ReloadRefused"
        public var message: String

        public init(message: String) {
            self.message = message
        }
    }

    public struct SubmissionFailed: ControlErrorValue {
        public static let errorName = "SubmissionFailed"
        public var submission_id: String
        public var message: String

        public init(submission_id: String, message: String) {
            self.submission_id = submission_id
            self.message = message
        }
    }

    public struct SubmissionFinished: ControlErrorValue {
        public static let errorName = "SubmissionFinished"
        public var submission_id: String
        public var state: String
        public var job_id: String?

        public init(submission_id: String, state: String, job_id: String? = nil) {
            self.submission_id = submission_id
            self.state = state
            self.job_id = job_id
        }
    }

    public struct SubmissionInterrupted: ControlErrorValue {
        public static let errorName = "SubmissionInterrupted"
        public var submission_id: String
        public var message: String

        public init(submission_id: String, message: String) {
            self.submission_id = submission_id
            self.message = message
        }
    }

    public struct TooManyConnections: ControlErrorValue {
        public static let errorName = "TooManyConnections"

        public init() {}
    }

    public struct TrainingFileNeeded: ControlErrorValue {
        public static let errorName = "TrainingFileNeeded"
        public var id: String
        public var message: String

        public init(id: String, message: String) {
            self.id = id
            self.message = message
        }
    }
}
