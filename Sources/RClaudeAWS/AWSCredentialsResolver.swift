// Finds AWS credentials and the region the way the AWS CLI does, for the subset rclaude
// supports: environment variables first, then a profile of the shared credentials file (or of
// the config file), and the region from the environment or the profile's config section.
// Profiles that need a token exchange (SSO, assume-role, credential_process) are reported with
// the command that turns them into plain credentials.

import Foundation
import RClaudeCore

/// Resolves `AWSCredentials` and the region from the environment and `~/.aws/`.
///
/// Order: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) unless a
/// profile was named explicitly; then the profile (the explicit one, else `AWS_PROFILE`, else
/// `default`) in `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`); then the same
/// profile in `AWS_CONFIG_FILE` (default `~/.aws/config`). The region is `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`, then the profile's `region` in the config file.
public struct AWSCredentialsResolver: Sendable {
    /// The environment variables consulted.
    public var environment: [String: String]
    /// The home directory `~` stands for.
    public var homeDirectory: String
    /// Reads a file's text, or nil when it does not exist (injected in tests).
    public var readFile: @Sendable (String) -> String?

    /// Creates a resolver.
    ///
    /// - Parameters:
    ///   - environment: the variables to read (the process's by default).
    ///   - homeDirectory: `~`; by default `HOME` from `environment`, else the user's home.
    ///   - readFile: reads a file; by default from disk.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil,
        readFile: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        self.readFile = readFile
    }

    // MARK: - Paths and profile

    /// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    public var credentialsFilePath: String {
        expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
    }

    /// The shared config file: `AWS_CONFIG_FILE` or `~/.aws/config`.
    public var configFilePath: String {
        expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config")
    }

    /// The profile used: `explicit`, else `AWS_PROFILE`, else `default`.
    public func profileName(_ explicit: String? = nil) -> String {
        explicit.flatMap { $0.isEmpty ? nil : $0 } ?? value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default"
    }

    // MARK: - Credentials

    /// The credentials to sign with.
    ///
    /// - Parameter profile: a profile named in rclaude's own configuration; when set, the
    ///   environment's keys are not used.
    /// - Returns: credentials whose `source` says where they came from.
    /// - Throws: `CoreError` `.unauthorized` when none are found or they are incomplete, naming
    ///   the variables, file and profile, and how to provide them. Never contains a secret.
    public func credentials(profile explicitProfile: String? = nil) throws -> AWSCredentials {
        if explicitProfile == nil, let fromEnvironment = try environmentCredentials() { return fromEnvironment }
        let profile = profileName(explicitProfile)
        let credentialsPath = credentialsFilePath
        let configPath = configFilePath
        let credentialsFile = readFile(credentialsPath).map(AWSINIFile.init(parsing:))
        let configFile = readFile(configPath).map(AWSINIFile.init(parsing:))

        if let section = credentialsFile?.credentialsProfile(profile),
            let found = try profileCredentials(section, profile: profile, path: credentialsPath)
        {
            return found
        }
        if let section = configFile?.configProfile(profile) {
            if let found = try profileCredentials(section, profile: profile, path: configPath) { return found }
            if let unsupported = Self.unsupportedMechanism(section) {
                throw CoreError(
                    code: .unauthorized,
                    message:
                        "AWS profile '\(profile)' in \(configPath) uses \(unsupported), which rclaude does not resolve itself; "
                        + "export plain credentials first: eval \"$(aws configure export-credentials --profile \(profile) --format env)\" "
                        + "(after 'aws sso login --profile \(profile)' for SSO)")
            }
        }
        let profileExists =
            credentialsFile?.credentialsProfile(profile) != nil || configFile?.configProfile(profile) != nil
        let whereLooked =
            profileExists
            ? "profile '\(profile)' has no aws_access_key_id/aws_secret_access_key in \(credentialsPath) or \(configPath)"
            : "no profile '\(profile)' in \(credentialsPath)\(credentialsFile == nil ? " (file not found)" : "")"
                + " or \(configPath)\(configFile == nil ? " (file not found)" : "")"
        throw CoreError(
            code: .unauthorized,
            message:
                "no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and \(whereLooked); "
                + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), "
                + "run 'aws configure --profile \(profile)', or pick another profile with AWS_PROFILE")
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the config
    /// file; nil when none is set.
    public func region(profile explicitProfile: String? = nil) -> String? {
        if let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") { return region }
        let profile = profileName(explicitProfile)
        let configFile = readFile(configFilePath).map(AWSINIFile.init(parsing:))
        return configFile?.configProfile(profile)?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The region, or an error saying how to set one.
    ///
    /// - Throws: `CoreError` `.invalidInput` naming `AWS_REGION` and the config file.
    public func requireRegion(profile explicitProfile: String? = nil) throws -> String {
        if let region = region(profile: explicitProfile) { return region }
        let profile = profileName(explicitProfile)
        throw CoreError(
            code: .invalidInput,
            message:
                "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), add 'region = us-east-1' to "
                + "[\(profile == "default" ? "default" : "profile \(profile)")] in \(configFilePath), or set the ECS provider's region"
        )
    }

    // MARK: - Helpers

    private func environmentCredentials() throws -> AWSCredentials? {
        let keyID = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case let (keyID?, secret?):
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"),
                source: "environment")
        case (nil, nil):
            return nil
        case (.some, nil):
            throw CoreError(
                code: .unauthorized,
                message:
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; export both (and AWS_SESSION_TOKEN for "
                    + "temporary credentials), or unset AWS_ACCESS_KEY_ID to use a profile from \(credentialsFilePath)")
        case (nil, .some):
            throw CoreError(
                code: .unauthorized,
                message:
                    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; export both (and AWS_SESSION_TOKEN for "
                    + "temporary credentials), or unset AWS_SECRET_ACCESS_KEY to use a profile from \(credentialsFilePath)"
            )
        }
    }

    private func profileCredentials(_ section: [String: String], profile: String, path: String) throws
        -> AWSCredentials?
    {
        let keyID = section["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = section["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyID, secret) {
        case let (keyID?, secret?):
            let token = (section["aws_session_token"] ?? section["aws_security_token"]).flatMap {
                $0.isEmpty ? nil : $0
            }
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: token,
                source: "profile '\(profile)' in \(path)")
        case (nil, nil):
            return nil
        case (.some, nil):
            throw CoreError(
                code: .unauthorized,
                message:
                    "AWS profile '\(profile)' in \(path) has aws_access_key_id but no aws_secret_access_key; "
                    + "add it (or run 'aws configure --profile \(profile)')")
        case (nil, .some):
            throw CoreError(
                code: .unauthorized,
                message:
                    "AWS profile '\(profile)' in \(path) has aws_secret_access_key but no aws_access_key_id; "
                    + "add it (or run 'aws configure --profile \(profile)')")
        }
    }

    private static func unsupportedMechanism(_ section: [String: String]) -> String? {
        if section["sso_session"] != nil || section["sso_start_url"] != nil { return "IAM Identity Center (SSO)" }
        if section["role_arn"] != nil { return "an assumed role (role_arn)" }
        if section["credential_process"] != nil { return "credential_process" }
        if section["web_identity_token_file"] != nil { return "web identity (web_identity_token_file)" }
        return nil
    }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func expand(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst() }
        return path
    }
}
