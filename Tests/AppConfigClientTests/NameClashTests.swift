import AppConfigClient
import FlagModel
import Foundation
import Testing

/// The scanner imports both modules; both have a `Deployment` and a
/// `DeploymentState`. This file compiling is most of the test.
@Suite struct NameClashTests {
    @Test func bothModulesDeploymentTypesCanBeNamed() {
        let wire = AppConfigClient.Deployment(applicationId: "a", environmentId: "e", configurationProfileId: "p",
                                              deploymentNumber: 1, configurationVersion: "3",
                                              state: AppConfigClient.DeploymentState.complete)
        let model = FlagModel.Deployment(deploymentNumber: wire.deploymentNumber,
                                         state: FlagModel.DeploymentState(rawValue: wire.state!.rawValue)!,
                                         percentageComplete: 100, startedAt: Date(timeIntervalSince1970: 0),
                                         configurationVersion: wire.hostedVersionNumber!, strategyId: "AppConfig.AllAtOnce")
        #expect(model.state.isTerminal == wire.state!.isFinal)
    }
}
