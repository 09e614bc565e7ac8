import JobStore
import Logging
import OpenAIFineTuning

/// What `io.finetuned.Models` needs from the daemon, and nothing more: the stored models with
/// their retirement dates, a client per account (to delete a model), and a route to a model for
/// chat, besides the deployments' part.
protocol ModelsControl: DeploymentsControl {
    var logger: Logger { get }
    /// Today, by the daemon's clock.
    var today: CalendarDay { get }
    /// A stored model's dates, from the cached models list of its account (no I/O).
    func retirementDates(of model: ModelRecord) -> RetirementDates
    /// The client of the configured account `name`, or nil when there is none.
    func client(ofAccount name: String) -> OpenAIClient?
    /// Where to send a chat with `model` (its account's client, or an Azure deployment).
    func reach(model: String, account: String?) throws -> ModelRoute
}
