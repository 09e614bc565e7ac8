import JobStore

/// What `Models.Deploy`, `Deployments` and `Undeploy` need from the daemon: the deployment
/// manager and the store it keeps its records in.
protocol DeploymentsControl: Sendable {
    var store: JobStore { get }
    var deployments: DeploymentManager { get }
}
