import ArgumentParser
import FlagDeck
import FlagDeploy
import FleetStore
import FlagDeckRuntime
import Foundation
import TeamStore

/// The second half of every headless write (`toggle`, `retire`): confirm the printed plan,
/// execute it (journalled), and with `wait` watch the deployments to the end.
struct PlanRun {
    /// `toggle` or `retire`, for messages.
    let command: String
    let yes: Bool
    let wait: Bool
    let timeoutText: String
    let waitLimit: Duration
    /// Where the journal also goes, besides the local store.
    var team: TeamStore? = nil

    enum Exit {
        static let usage: Int32 = 1
        static let partial: Int32 = 2
        static let replan: Int32 = 3
        static let timedOut: Int32 = 4
    }

    /// What happened: every environment started, and (when waited for) every deployment
    /// reached COMPLETE.
    struct Outcome {
        var report: ToggleReport
        var completed: Bool
        var code: Int32
    }

    func run(_ plan: TogglePlan, clients: AppConfigClients) async throws -> Outcome {
        try confirm(plan)
        let store = try? FleetSetup.openStore()
        if store == nil { stderr("warning: the state directory cannot be opened; this action is not journalled") }
        var journal: (any ActionJournal)? = store
        if let store, let team { journal = TeamJournal(local: store, team: team) }
        let report = await ToggleExecutor(clients: clients, journal: journal).execute(plan)
        print("Result:")
        for result in report.results { print("  \(result.line)") }
        for problem in report.journalProblems { stderr("warning: \(problem)") }
        await reportJournalLeftBehind()

        var code: Int32 = 0
        if !report.allStarted { code = report.needsReplan ? Exit.replan : Exit.partial }
        var completed = false
        if wait, !report.started.isEmpty {
            let watcher = DeploymentWatcher(clients: clients, interval: .seconds(2))
            // One line per change, not per poll: a 30-minute rollout stays readable.
            let shown = LineDeduplicator()
            let result = await watcher.wait(report.started, timeout: waitLimit) { status in
                if shown.isNew(status.ref, status.line) { print("  \(status.line)") }
            }
            for (ref, failures) in result.failedPolls.sorted(by: { $0.key.description < $1.key.description }) {
                stderr("flagdeck \(command): \(failures) poll(s) of \(ref) failed")
            }
            if result.timedOut {
                stderr("flagdeck \(command): gave up waiting after \(timeoutText); last known: "
                       + result.last.map(\.line).joined(separator: "; ") + ". The deployments go on in AppConfig.")
                throw ExitCode(Exit.timedOut)
            }
            completed = report.allStarted && result.last.allSatisfy { $0.state == "COMPLETE" }
            if !completed && code == 0 { code = Exit.partial }
        }
        return Outcome(report: report, completed: completed, code: code)
    }

    /// A process ends with what waits for the team store: one more try, then say where the
    /// entries are.
    private func reportJournalLeftBehind() async {
        guard let team, team.waitingWrites > 0 else { return }
        await team.sendWaitingWrites()
        let left = team.waitingWrites
        if left > 0 {
            stderr("warning: \(left) journal entr\(left == 1 ? "y" : "ies") did not reach the team store \(team.location) "
                   + "(it does not answer); they are in the local journal: `flagdeck store migrate --from sqlite:"
                   + "\(StateDirectory.path())/\(FleetStore.fileName) --to \(team.location)` copies them")
        }
    }

    private func confirm(_ plan: TogglePlan) throws {
        if yes { return }
        if plan.needsDeliberateConfirmation {
            let key = plan.request.flag.key
            print("This changes \(plan.productionEnvironments.count) production environment(s). Type the flag key (\(key)) to deploy: ", terminator: "")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == key else {
                throw fail("not confirmed; nothing was changed", Exit.usage)
            }
        } else {
            print("Deploy? [y/N] ", terminator: "")
            guard ["y", "yes"].contains(readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "") else {
                throw fail("not confirmed; nothing was changed", Exit.usage)
            }
        }
    }

    func fail(_ message: String, _ code: Int32) -> ExitCode {
        stderr("flagdeck \(command): \(message)")
        return ExitCode(code)
    }

    func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
