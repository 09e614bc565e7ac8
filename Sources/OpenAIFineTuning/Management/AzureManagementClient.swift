import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1

/// The management plane (Azure Resource Manager) of one Azure OpenAI resource: its model
/// deployments (`PUT|GET|DELETE …/deployments/{name}`, `GET …/deployments`), with a bearer token
/// for `AzureScope.management`.
///
/// Contract:
/// - A PUT on ARM is create-or-update: `createDeployment` sends it blindly; callers check with
///   `deployment(named:)` first that the name is free (or already theirs).
/// - A 401 makes the token source forget the token and the request is sent once more with a new
///   one; a second 401 is final.
/// - A 403 is an `OpenAIError` whose message names the permission needed (`ManagementPermission`).
/// - 429, 5xx and broken connections are retried per `ClientConfiguration.retry`. Every request
///   here is idempotent (GET, DELETE, and a PUT of one body to one name).
/// - The token appears only in the `authorization` header: never in a log, error or description.
/// - Each request is limited by `configuration.requestTimeout`.
public final class AzureManagementClient: Sendable {
    public let resource: AzureResource
    let tokens: any AccessTokenSource
    let configuration: ClientConfiguration
    let http: HTTPTransport
    let logger: Logger

    /// The client uses the shared `HTTPTransport`, which needs no shutdown (a management client
    /// may be dropped at any time, a reload for one).
    public init(
        resource: AzureResource, tokens: any AccessTokenSource, configuration: ClientConfiguration = .init(),
        logger: Logger = Logger(label: "finetuned.azure-management")
    ) {
        self.resource = resource
        self.tokens = tokens
        self.configuration = configuration
        self.logger = logger
        http = .shared
    }

    /// Nothing to close: the client never owns its transport. Kept so callers need not know.
    public func shutdown() async throws {}

    /// The deployment named `name`, or nil when Azure has none (404).
    public func deployment(named name: String) async throws(OpenAIError) -> AzureDeployment? {
        do {
            return try await send(
                "GET", resource.deploymentPath(name), apiVersion: DeploymentSKU.standard.apiVersion,
                as: AzureDeployment.self)
        } catch let error where error.status == 404 {
            return nil
        }
    }

    /// Every deployment of the resource (all pages).
    public func deployments() async throws(OpenAIError) -> [AzureDeployment] {
        var page = try await send(
            "GET", resource.deploymentsPath, apiVersion: DeploymentSKU.standard.apiVersion,
            as: AzureDeploymentList.self)
        var all = page.value
        var pages = 1
        while let next = page.nextLink, let url = URL(string: next), pages < 100 {
            let query = url.query.map { "?" + $0 } ?? ""
            page = try await send("GET", url.path + query, apiVersion: nil, as: AzureDeploymentList.self)
            all += page.value
            pages += 1
        }
        return all
    }

    /// Asks Azure to create deployment `name` of `model` (PUT). Azure answers at once, usually
    /// with `Accepted` or `Creating`; poll `deployment(named:)` until `Succeeded` or `Failed`.
    public func createDeployment(
        name: String, model: String, sku: DeploymentSKU, capacity: Int
    )
        async throws(OpenAIError) -> AzureDeployment
    {
        let body = AzureDeploymentRequest(
            sku: .init(name: sku.armName, capacity: capacity), properties: .init(model: .init(name: model)))
        let data: Data
        do {
            data = try JSONCoding.encoder().encode(body)
        } catch {
            throw OpenAIError(
                kind: .decoding, message: "cannot encode the deployment: \(error)", request: "PUT /deployments/{name}")
        }
        return try await send(
            "PUT", resource.deploymentPath(name), apiVersion: sku.apiVersion, body: data,
            as: AzureDeployment.self)
    }

    /// Deletes deployment `name`. Returns false when Azure had no such deployment (204 or 404;
    /// ARM answers 200 or 202 when it deletes one).
    @discardableResult
    public func deleteDeployment(named name: String) async throws(OpenAIError) -> Bool {
        do {
            let answer = try await sendWithStatus(
                "DELETE", resource.deploymentPath(name), apiVersion: DeploymentSKU.standard.apiVersion, as: Ignored.self
            )
            return answer.status != 204
        } catch let error where error.status == 404 {
            return false
        }
    }
}

/// A success body that is not read (DELETE answers 200, 202 or 204 with or without one).
struct Ignored: Decodable {
    init(from decoder: any Decoder) throws {}
}
