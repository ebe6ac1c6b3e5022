import Foundation

/// Whether this machine has any AWS credentials configured at all: keys or a web identity
/// in the environment, a container's credentials endpoint, or a profile in the shared
/// files. Only a hint (an EC2 instance role is not seen), used to choose the team store's
/// picture for an auditor who was never given AWS access.
public enum CredentialsPresence {
    public static func anyConfigured(environment env: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let variables = ["AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                         "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_PROFILE"]
        if variables.contains(where: { !(env[$0] ?? "").isEmpty }) { return true }
        guard let shared = try? SharedConfig.load(environment: env) else { return true }  // unreadable: assume something is there
        return !shared.profiles.isEmpty
    }
}
