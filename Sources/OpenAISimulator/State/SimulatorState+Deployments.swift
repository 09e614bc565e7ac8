extension SimulatorState {
    mutating func putDeployment(_ deployment: SimDeployment, key: String) {
        if deployments[key] == nil { deploymentOrder.append(key) }
        deployments[key] = deployment
        dirty = true
    }

    mutating func removeDeployment(_ key: String) {
        guard deployments.removeValue(forKey: key) != nil else { return }
        deploymentOrder.removeAll { $0 == key }
        dirty = true
    }
}
