import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// Golden screens of every view from a fixed fleet, at 120×40 and 80×24.
@Suite struct DashboardScreenTests {
    static let sizes = [Size(width: 120, height: 40), Size(width: 80, height: 24)]

    func loaded(_ size: Size, readOnly: Bool = false) -> AppState {
        var state = AppState(readOnly: readOnly, size: size)
        _ = update(&state, .scanFinished(FleetFixture.result), registry: .standard)
        return state
    }

    func render(_ state: AppState) -> CellBuffer {
        Screen.render(state, registry: KeyRegistry.standard.active(readOnly: state.readOnly), now: FleetFixture.asOf)
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = update(&state, .key(key), registry: .standard) }
    }

    @Test(arguments: sizes)
    func fleetView(size: Size) {
        GoldenScreen.assertMatches(render(loaded(size)), "fleet-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func flagView(size: Size) {
        var state = loaded(size)
        press(&state, .enter)
        #expect(state.detail == FlagID(application: "checkout", profile: "checkout-flags", key: "express_pay"))
        GoldenScreen.assertMatches(render(state), "flag-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func reviewView(size: Size) {
        var state = loaded(size)
        press(&state, .tab, .char("3"))
        GoldenScreen.assertMatches(render(state), "review-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func auditView(size: Size) {
        var state = loaded(size)
        press(&state, .backTab)
        Self.attributeWithCloudTrail(&state)
        GoldenScreen.assertMatches(render(state), "audit-\(size.width)x\(size.height)")
    }

    /// payments-prod's deployments were made by an Identity Center user and a CI role (the
    /// newest also stopped by on-call); search-prod's CloudTrail is not readable.
    static func attributeWithCloudTrail(_ state: inout AppState) {
        guard var result = state.result else { return }
        var events: [TrailEvent] = []
        for i in result.deployments.indices where result.deployments[i].environment.accountName == "payments-prod" {
            let d = result.deployments[i]
            result.deployments[i].applicationId = "app\(d.environment.applicationName.count)"
            result.deployments[i].environmentId = "env-\(d.environment.region)-\(d.environment.environmentName)"
            let role = i % 2 == 0 ? "AWSReservedSSO_Developer_7d2e1c9a4b3f5e60" : "github-actions-deploy"
            let session = i % 2 == 0 ? "maria.garcia@example.com" : "GitHubActions-9001258"
            let author = ChangeAuthor(type: "AssumedRole", arn: "arn:aws:sts::\(d.environment.accountId):assumed-role/\(role)/\(session)",
                                      name: session, role: role)
            events.append(TrailEvent(eventId: "e\(i)", eventName: "StartDeployment", time: d.startedAt, accountId: d.environment.accountId,
                                     region: d.environment.region, author: author, sourceIP: "203.0.113.7",
                                     userAgent: "aws-cli/2.22.4 md/awscrt#0.23.4", applicationId: result.deployments[i].applicationId,
                                     environmentId: result.deployments[i].environmentId, deploymentNumber: d.deploymentNumber))
            if i == 0 {
                let onCall = ChangeAuthor(type: "AssumedRole", arn: nil, name: "sam.okafor@example.com", role: "AWSReservedSSO_OnCall_51b0")
                events.append(TrailEvent(eventId: "s\(i)", eventName: "StopDeployment", time: d.startedAt.addingTimeInterval(480),
                                         accountId: d.environment.accountId, region: d.environment.region, author: onCall,
                                         applicationId: result.deployments[i].applicationId,
                                         environmentId: result.deployments[i].environmentId, deploymentNumber: d.deploymentNumber))
            }
        }
        let search = result.deployments.first { $0.environment.accountName == "search-prod" }?.environment.accountId ?? "?"
        state.auditTrail = AuditTrail(events: events, gaps: [AuditTrail.Gap(accountId: search, region: "us-east-1",
                                                                          message: "AccessDenied: cloudtrail:LookupEvents not allowed")])
        state.result = result
    }

    /// At 80 columns the fixture's environments are grouped by name: `l l` puts the column
    /// cursor on staging, Enter expands it, and `l l l` walks its members until they scroll.
    @Test func fleetFilteredAndScrolledSideways() {
        var state = loaded(Size(width: 80, height: 24))
        press(&state, .char("/"))
        for c in "new" { press(&state, .char(c)) }
        press(&state, .enter, .char("l"), .char("l"), .enter, .char("l"), .char("l"), .char("l"))
        #expect(state.fleet.expanded == "staging" && state.fleet.firstColumn == 1)
        GoldenScreen.assertMatches(render(state), "fleet-filtered-scrolled-80x24")
    }

    /// A kill baking in us-east-1 prod, and the search application unreadable now: its
    /// flags are marked `?` and its cells are the last known ones, greyed with their age;
    /// the header says the dashboard looks at the past.
    @Test func bakingIncompleteAndLastKnownCells() {
        let asOf = FleetFixture.asOf
        var input = FleetFixture.input
        let killedAt = asOf.addingTimeInterval(-180)
        for i in input.histories.indices where input.histories[i].environment.environmentName == "prod"
            && input.histories[i].environment.region == "us-east-1" && input.histories[i].environment.applicationName == "checkout" {
            input.histories[i].deployments.append(Deployment(
                deploymentNumber: 3, state: .baking, percentageComplete: 100, startedAt: killedAt, configurationVersion: 3,
                strategyId: "AppConfig.AllAtOnce", finalBakeTimeInMinutes: 10,
                events: [DeploymentEvent(kind: .started, at: killedAt), DeploymentEvent(kind: .percentageUpdated, at: killedAt, percentage: 100),
                         DeploymentEvent(kind: .bakeStarted, at: killedAt)]))
        }
        input.environments.removeAll { $0.applicationName == "search" }
        input.profiles.removeAll { $0.profile.applicationName == "search" }
        input.histories.removeAll { $0.environment.applicationName == "search" }
        input.earlier = EarlierScan(snapshot: FleetFixture.result.snapshot, scannedAt: asOf.addingTimeInterval(-7200))
        let result = ScanResult.build(from: input, policy: RetirementPolicy(asOf: asOf),
                                      errors: [ScanError(account: "search-prod", accountId: "222222222222", region: "us-east-1",
                                                         application: "search", message: "AccessDeniedException: not authorized")],
                                      scannedAt: asOf)
        var state = AppState(readOnly: false, size: Size(width: 120, height: 40))
        _ = update(&state, .scanFinished(result), registry: .standard)
        state.header.asOf = asOf.addingTimeInterval(-60)
        GoldenScreen.assertMatches(render(state), "fleet-baking-incomplete-120x40")
        press(&state, .enter)
        GoldenScreen.assertMatches(render(state), "flag-baking-120x40")
    }
}
