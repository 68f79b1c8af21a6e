import Foundation
import RClaudeCore
import Testing

@testable import RClaudeAWS

/// Credentials and region from the environment, `~/.aws/credentials` and `~/.aws/config`.
@Suite struct AWSCredentialsResolverTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN"

    /// A resolver over in-memory files below home `/home/u`.
    static func resolver(_ environment: [String: String], files: [String: String] = [:]) -> AWSCredentialsResolver {
        AWSCredentialsResolver(environment: environment, homeDirectory: "/home/u", readFile: { files[$0] })
    }

    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = \(secret)

        [dev]
        aws_access_key_id=ASIADEV
        aws_secret_access_key=\(secret)
        aws_session_token = \(token)

        [half]
        aws_access_key_id = AKIAHALF
        """

    static let configFile = """
        [default]
        region = eu-west-1
        [profile dev]
        region = ap-southeast-2
        s3 =
            max_concurrent_requests = 10
        [profile sso]
        sso_session = corp
        sso_account_id = 123456789012
        [profile cfg]
        aws_access_key_id = AKIACFG
        aws_secret_access_key = \(secret)
        """

    static let files = ["/home/u/.aws/credentials": credentialsFile, "/home/u/.aws/config": configFile]

    @Test("environment keys come first, with the session token")
    func environment() throws {
        let credentials = try Self.resolver(
            [
                "AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token,
                "AWS_PROFILE": "dev",
            ],
            files: Self.files
        ).credentials()
        #expect(
            credentials
                == AWSCredentials(
                    accessKeyID: "ASIAENV", secretAccessKey: Self.secret, sessionToken: Self.token,
                    source: "environment"))
    }

    @Test("an explicitly named profile wins over the environment's keys")
    func explicitProfile() throws {
        let credentials = try Self.resolver(
            ["AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret], files: Self.files
        )
        .credentials(profile: "default")
        #expect(credentials.accessKeyID == "AKIADEFAULT")
        #expect(credentials.source == "profile 'default' in /home/u/.aws/credentials")
    }

    @Test("the default profile, a named one via AWS_PROFILE, and its session token")
    func profiles() throws {
        #expect(try Self.resolver([:], files: Self.files).credentials().accessKeyID == "AKIADEFAULT")
        let dev = try Self.resolver(["AWS_PROFILE": "dev"], files: Self.files).credentials()
        #expect(dev.accessKeyID == "ASIADEV" && dev.sessionToken == Self.token && dev.isTemporary)
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files; ~ expands")
    func customPaths() throws {
        let files = [
            "/home/u/creds": "[x]\naws_access_key_id = AKIAX\naws_secret_access_key = s3cr3tvalue\n",
            "/etc/awsconfig": "[profile x]\nregion = sa-east-1\n",
        ]
        let resolver = Self.resolver(
            ["AWS_SHARED_CREDENTIALS_FILE": "~/creds", "AWS_CONFIG_FILE": "/etc/awsconfig", "AWS_PROFILE": "x"],
            files: files)
        #expect(try resolver.credentials().accessKeyID == "AKIAX")
        #expect(resolver.region() == "sa-east-1")
    }

    @Test("keys in the config file's profile section are used when the credentials file lacks them")
    func keysInConfig() throws {
        #expect(try Self.resolver(["AWS_PROFILE": "cfg"], files: Self.files).credentials().accessKeyID == "AKIACFG")
    }

    @Test("region: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's [profile x] / [default] section")
    func region() throws {
        #expect(
            Self.resolver(["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2"], files: Self.files).region()
                == "us-west-2")
        #expect(Self.resolver(["AWS_DEFAULT_REGION": "us-east-2"], files: Self.files).region() == "us-east-2")
        #expect(Self.resolver(["AWS_PROFILE": "dev"], files: Self.files).region() == "ap-southeast-2")
        #expect(Self.resolver([:], files: Self.files).region() == "eu-west-1")
        #expect(Self.resolver([:]).region() == nil)
        let error = #expect(throws: CoreError.self) { try Self.resolver([:]).requireRegion() }
        #expect(error?.message.contains("AWS_REGION") == true && error?.message.contains("/home/u/.aws/config") == true)
    }

    @Test("nothing anywhere: the error names the variables, the file, the profile and the fix")
    func missing() {
        let error = #expect(throws: CoreError.self) { try Self.resolver(["AWS_PROFILE": "prod"]).credentials() }
        #expect(error?.code == .unauthorized)
        let message = error?.message ?? ""
        for needle in [
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "'prod'", "/home/u/.aws/credentials",
            "aws configure --profile prod", "AWS_PROFILE",
        ] {
            #expect(message.contains(needle), "missing \(needle) in: \(message)")
        }
    }

    @Test("an unknown profile among existing ones is named")
    func unknownProfile() {
        let error = #expect(throws: CoreError.self) {
            try Self.resolver(["AWS_PROFILE": "nope"], files: Self.files).credentials()
        }
        #expect(error?.message.contains("no profile 'nope'") == true)
    }

    @Test("partial credentials are errors that name the missing half, without the secret")
    func partial() {
        let onlyKey = #expect(throws: CoreError.self) {
            try Self.resolver(["AWS_ACCESS_KEY_ID": "AKIA1"]).credentials()
        }
        #expect(onlyKey?.message.contains("AWS_SECRET_ACCESS_KEY is not") == true)
        let onlySecret = #expect(throws: CoreError.self) {
            try Self.resolver(["AWS_SECRET_ACCESS_KEY": Self.secret]).credentials()
        }
        #expect(onlySecret?.message.contains("AWS_ACCESS_KEY_ID is not") == true)
        #expect(onlySecret?.message.contains(Self.secret) == false)
        let half = #expect(throws: CoreError.self) {
            try Self.resolver(["AWS_PROFILE": "half"], files: Self.files).credentials()
        }
        #expect(half?.message.contains("'half'") == true && half?.message.contains("no aws_secret_access_key") == true)
    }

    @Test("an SSO profile says how to export plain credentials")
    func sso() {
        let error = #expect(throws: CoreError.self) {
            try Self.resolver(["AWS_PROFILE": "sso"], files: Self.files).credentials()
        }
        #expect(error?.message.contains("aws sso login --profile sso") == true)
        #expect(error?.message.contains("export-credentials") == true)
    }

    @Test("description, debugDescription and dump never show the secret or the token")
    func redaction() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAENV", secretAccessKey: Self.secret, sessionToken: Self.token, source: "environment")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains(Self.secret) && !text.contains(Self.token), "\(text)")
            #expect(text.contains("ASIAENV"))
        }
    }

    @Test("INI parsing: comments, continuation lines, [profile x] sections, spacing")
    func ini() {
        let file = AWSINIFile(
            parsing:
                "; c\n[ profile a ]\nregion=x\n  nested = 1\n[default]\nkey = v # note\n\tindented = skipped\nbad line\n"
        )
        #expect(file.configProfile("a") == ["region": "x"])
        #expect(file.configProfile("default") == ["key": "v"])
        #expect(file.credentialsProfile("a") == nil)
    }
}
