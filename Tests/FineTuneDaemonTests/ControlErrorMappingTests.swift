import ControlProtocol
import DaemonMetrics
import Testing
import Varlink

@testable import FineTuneDaemon

/// What a client reads when the daemon refuses: typed `ControlError`s under the interface's
/// names, never error names built as strings or the API's error for a failure of the daemon's own.
@Suite struct ControlErrorMappingTests {
    @Test func migrationRefusalsAreTheJobsInterfacesErrors() throws {
        let refusals: [(MigrationRefusal, any ControlErrorValue)] = [
            (
                .refused(jobID: "ftjob-1", message: "not succeeded"),
                ControlError.MigrationRefused(id: "ftjob-1", message: "not succeeded")
            ),
            (
                .trainingFileNeeded(jobID: "ftjob-1", message: "no copy"),
                ControlError.TrainingFileNeeded(id: "ftjob-1", message: "no copy")
            ),
            (
                .noEquivalentModel(model: "gpt-4o", account: "b", fineTunable: ["gpt-4.1"], message: "none"),
                ControlError.NoEquivalentModel(
                    model: "gpt-4o", account: "b", fine_tunable: ["gpt-4.1"], message: "none")
            ),
        ]
        for (refusal, expected) in refusals {
            let sent = refusal.controlError.varlinkError(interface: ControlMethod.Jobs.interface)
            #expect(sent.name == "io.finetuned.Jobs." + type(of: expected).errorName)
            let decoded = try #require(ControlError.decode(sent))
            #expect(String(describing: decoded) == String(describing: expected))
        }
    }

    @Test func anUnexpectedSubmissionStateIsTheDaemonsFailureNotTheAPIs() throws {
        let failure = Submitter.Failure.daemon(.unexpected("submission s-1 is in state failed"))
        let sent = try #require(SubmitHandler.error(failure, submissionID: "s-1") as? VarlinkError)
        #expect(sent.name == "io.finetuned.Jobs.SubmissionFailed")
        let decoded = try #require(ControlError.decode(sent) as? ControlError.SubmissionFailed)
        #expect(decoded.submission_id == "s-1")
        #expect(decoded.message == "the daemon failed: submission s-1 is in state failed")
        #expect(SubmissionOutcome(failure) == .error)
    }
}
