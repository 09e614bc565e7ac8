import Foundation

/// Test controls of the simulated Azure management plane (the same as the admin API's).
extension OpenAISimulator {
    /// `http://HOST:PORT`: the `AzureManagementURL=` of the simulated management plane.
    public var managementURL: URL { URL(string: "http://\(configuration.host):\(port)")! }

    /// Without the role, every management request is refused 403 `AuthorizationFailed`.
    public func setManagementRole(granted: Bool) {
        core.state.withLock { $0.managementRoleGranted = granted }
    }

    /// The next `count` new deployments end `Failed` instead of `Succeeded`.
    public func failNextDeployments(_ count: Int) {
        core.state.withLock { $0.failNextDeployments = max(0, count) }
    }

    /// Removes a deployment as Azure does on its own (inactivity, the Developer tier's 24 hours).
    public func removeDeployment(named name: String) {
        core.state.withLock { state in
            if let key = state.deploymentOrder.first(where: { state.deployments[$0]?.name == name }) {
                state.removeDeployment(key)
                core.persistIfNeeded(&state)
            }
        }
    }

    /// The names of the deployments Azure has now (removed ones excluded), oldest first, with
    /// their models and provisioning states.
    public func deploymentStates() -> [(name: String, model: String, state: String)] {
        core.state.withLock { state in
            state.deploymentOrder.compactMap { key in
                guard let deployment = state.deployments[key],
                    let provisioning = deployment.provisioningState(now: core.now, timeScale: configuration.timeScale)
                else { return nil }
                return (deployment.name, deployment.model, provisioning)
            }
        }
    }
}
