import Foundation
import Testing
@testable import AppConfigEmulator

@Suite struct DeploymentMathTests {
    func deployment(_ growth: String, _ factor: Double, _ duration: Int, _ bake: Int) -> DeploymentRecord {
        DeploymentRecord(applicationId: "a", environmentId: "e", deploymentNumber: 1, deploymentStrategyId: "s",
                         configurationProfileId: "p", configurationName: "flags", configurationLocationUri: "hosted",
                         configurationVersion: "1", deploymentDurationInMinutes: duration, growthType: growth,
                         growthFactor: factor, finalBakeTimeInMinutes: bake, startedAt: t0)
    }

    @Test func stepsPerStrategy() {
        #expect(DeploymentMath.steps(growthType: "LINEAR", growthFactor: 20, durationMinutes: 30) == [20, 40, 60, 80, 100])
        #expect(DeploymentMath.steps(growthType: "LINEAR", growthFactor: 50, durationMinutes: 1) == [50, 100])
        #expect(DeploymentMath.steps(growthType: "EXPONENTIAL", growthFactor: 10, durationMinutes: 20) == [10, 20, 40, 80, 100])
        #expect(DeploymentMath.steps(growthType: "LINEAR", growthFactor: 100, durationMinutes: 0) == [100])
        #expect(DeploymentMath.steps(growthType: "LINEAR", growthFactor: 30, durationMinutes: 10) == [30, 60, 90, 100])
    }

    @Test func linearBoundaries() {
        let d = deployment("LINEAR", 20, 30, 30)  // a step every 6 minutes, bake 30
        func at(_ minutes: Double) -> DeploymentProgress { DeploymentMath.progress(d, at: t0.addingTimeInterval(minutes * 60)) }
        #expect(at(0).state == "DEPLOYING" && at(0).percentageComplete == 20)
        #expect(at(5.99).percentageComplete == 20)
        #expect(at(6).percentageComplete == 40)
        #expect(at(24).percentageComplete == 100 && at(24).state == "DEPLOYING")
        #expect(at(30).state == "BAKING" && at(30).percentageComplete == 100)
        #expect(at(59.9).state == "BAKING" && at(59.9).completedAt == nil)
        let done = at(60)
        #expect(done.state == "COMPLETE")
        #expect(done.completedAt == t0.addingTimeInterval(3600))
        #expect(done.events.map(\.eventType) == ["DEPLOYMENT_STARTED"] + Array(repeating: "PERCENTAGE_UPDATED", count: 5) + ["BAKE_TIME_STARTED", "DEPLOYMENT_COMPLETED"])
        #expect(!done.isInProgress && at(59).isInProgress)
        #expect(DeploymentMath.isInProgress(d, at: t0.addingTimeInterval(3599)))
        #expect(!DeploymentMath.isInProgress(d, at: t0.addingTimeInterval(3600)))
    }

    @Test func exponentialBoundaries() {
        let d = deployment("EXPONENTIAL", 10, 20, 10)  // 5 steps, 4 minutes apart
        func pct(_ m: Double) -> Double { DeploymentMath.progress(d, at: t0.addingTimeInterval(m * 60)).percentageComplete }
        #expect([pct(0), pct(4), pct(8), pct(12), pct(16), pct(19.9)] == [10, 20, 40, 80, 100, 100])
        #expect(DeploymentMath.progress(d, at: t0.addingTimeInterval(30 * 60)).state == "COMPLETE")
    }

    @Test func allAtOnceBakes() {
        let d = deployment("LINEAR", 100, 0, 10)
        #expect(DeploymentMath.progress(d, at: t0).state == "BAKING")
        #expect(DeploymentMath.progress(d, at: t0.addingTimeInterval(600)).state == "COMPLETE")
    }

    @Test func rollbackFreezesPercentage() {
        var d = deployment("LINEAR", 20, 30, 30)
        d.stoppedAt = t0.addingTimeInterval(13 * 60)
        let p = DeploymentMath.progress(d, at: t0.addingTimeInterval(100 * 60))
        #expect(p.state == "ROLLED_BACK")
        #expect(p.percentageComplete == 60)
        #expect(p.completedAt == d.stoppedAt)
        #expect(p.events.suffix(2).map(\.eventType) == ["ROLLBACK_STARTED", "ROLLBACK_COMPLETED"])
        // Before the stop time, the deployment still looks in progress.
        #expect(DeploymentMath.progress(d, at: t0.addingTimeInterval(12 * 60)).state == "DEPLOYING")
    }
}
