/// The admin API's Azure management-plane controls (see the table in `AdminAPI.swift`).
extension SimulatorCore {
    func deploymentAdmin(_ segments: [String], _ body: JSON, _ state: inout SimulatorState) -> SimResponse {
        if segments.first == "management" {
            if let granted = body["role_granted"]?.bool { state.managementRoleGranted = granted }
            if let count = body["fail_next_deployments"]?.int { state.failNextDeployments = max(0, count) }
            return .json(
                .object([
                    ("role_granted", .bool(state.managementRoleGranted)),
                    ("fail_next_deployments", .int(state.failNextDeployments)),
                ]))
        }
        let name = segments[1]
        guard let key = state.deploymentOrder.first(where: { state.deployments[$0]?.name == name }),
            var deployment = state.deployments[key]
        else { return Self.deploymentNotFound(name) }
        if body["removed"]?.bool == true {
            state.removeDeployment(key)
            return .json(.object([("removed", .bool(true))]))
        }
        guard let forced = body["provisioning_state"]?.string else {
            return .badRequest("provisioning_state or removed is required")
        }
        deployment.forcedState = forced
        deployment.forcedAt = now
        state.putDeployment(deployment, key: key)
        return .json(deploymentJSON(deployment) ?? .null)
    }
}
