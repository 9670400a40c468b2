import AWS
import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import Manifest
import Planner
import Testing

/// Two accounts on one moto with signatures and IAM enforced, behind a FaultProxy that enforces the target role's
/// external id (moto ignores trust policies): the controller signs as a user of the home account whose only
/// policy is `kiln iam-policy`'s, and reaches the target account through a role there whose only policy is
/// `kiln iam-policy --target-account`'s.
final class AccountsWorld: Sendable {
    static let home = "123456789012"
    static let target = "222222222222"
    static let roleArn = "arn:aws:iam::222222222222:role/kiln-target"
    static let externalId = "kiln-ext-9c1e4d"
    static let owner = "kiln-accounts"

    let moto: MotoServer
    let proxy: FaultProxy
    let admin: MotoAccessKey
    /// An administrator of the target account (a role there): seeds and reads it as an independent client.
    let targetAdmin: Credentials
    let controller: Credentials
    let directory: URL

    private init(
        moto: MotoServer, proxy: FaultProxy, admin: MotoAccessKey, targetAdmin: Credentials, controller: Credentials,
        directory: URL
    ) {
        self.moto = moto
        self.proxy = proxy
        self.admin = admin
        self.targetAdmin = targetAdmin
        self.controller = controller
        self.directory = directory
    }

    /// The policies under test: the controller's with `sts:AssumeRole` on the target role, and the target role's.
    static var policy: ControllerPolicy {
        var guardrails = Guardrails(distributeAccounts: [target])
        guardrails.roleAccounts = [target]
        var policy = ControllerPolicy(owner: owner, guardrails: guardrails)
        policy.accountRoles = [roleArn]
        return policy
    }

    static func start() async throws -> AccountsWorld {
        // 3 calls for the administrator, 3 for the target account's administrator role: then IAM is enforced.
        var configuration = MotoServer.Configuration(initialNoAuthActionCount: 6)
        configuration.crossAccountImages = true
        let moto = try await MotoServer.start(configuration)
        do {
            let admin = try await moto.createIAMUser(name: "kiln-admin")
            let fields =
                try await Boto.run(
                    """
                    import json
                    sts = client('sts')
                    c = sts.assume_role(RoleArn='arn:aws:iam::\(target):role/kiln-setup',
                                        RoleSessionName='setup')['Credentials']
                    iam = boto3.client('iam', region_name='us-east-1', endpoint_url=os.environ['KILN_MOTO_ENDPOINT'],
                        aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'],
                        aws_session_token=c['SessionToken'])
                    trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
                        'Principal': {'AWS': 'arn:aws:iam::\(home):root'}, 'Action': 'sts:AssumeRole'}]})
                    iam.create_role(RoleName='kiln-setup', AssumeRolePolicyDocument=trust)
                    iam.put_role_policy(RoleName='kiln-setup', PolicyName='admin',
                        PolicyDocument=os.environ['KILN_ALLOW_ALL'])
                    print(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'])
                    """, endpoint: moto.endpoint, extra: ["KILN_ALLOW_ALL": MotoServer.allowAllPolicy]
                ).split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
            try #require(fields.count == 3, "no credentials for the target account's administrator")
            let targetAdmin = Credentials(accessKeyID: fields[0], secretAccessKey: fields[1], sessionToken: fields[2])
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            let controller = try await moto.createIAMUserAsAdmin(
                name: "kiln-controller", policy: try MotoServer.evaluablePolicy(policy.json), admin: admin)
            let directory = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-accounts")
            let world = AccountsWorld(
                moto: moto, proxy: proxy, admin: admin, targetAdmin: targetAdmin, controller: controller,
                directory: directory)
            try await world.inTarget(
                """
                import json
                trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
                    'Principal': {'AWS': 'arn:aws:iam::\(home):root'}, 'Action': 'sts:AssumeRole',
                    'Condition': {'StringEquals': {'sts:ExternalId': '\(externalId)'}}}]})
                iam = client('iam')
                iam.create_role(RoleName='kiln-target', AssumeRolePolicyDocument=trust)
                iam.put_role_policy(RoleName='kiln-target', PolicyName='kiln', PolicyDocument=os.environ['KILN_POLICY'])
                """,
                extra: ["KILN_POLICY": try MotoServer.evaluablePolicy(policy.targetAccountDocument.json)])
            proxy.requireExternalId(externalId, forRole: roleArn)
            return world
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// Runs boto3 code in the target account, as its administrator; returns what it printed.
    @discardableResult
    func inTarget(_ body: String, extra: [String: String] = [:]) async throws -> String {
        try await Boto.run(
            body, endpoint: moto.endpoint, accessKey: targetAdmin.accessKeyID, secretKey: targetAdmin.secretAccessKey,
            extra: extra.merging(["AWS_SESSION_TOKEN": targetAdmin.sessionToken ?? ""]) { _, new in new })
    }

    /// Runs boto3 code in the home account, as its administrator.
    @discardableResult
    func inHome(_ body: String) async throws -> String {
        try await Boto.run(
            body, endpoint: moto.endpoint, accessKey: admin.accessKeyId, secretKey: admin.secretAccessKey)
    }

    /// A file holding `externalId`, readable by its owner only.
    func externalIdFile(_ externalId: String, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(externalId.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// A cycle of the controller reading `repository`'s HEAD, reaching the target account with `externalId`.
    func cycle(repository: String, clock: ManualClock, externalId: String = AccountsWorld.externalId) throws -> Cycle {
        let endpoint = proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(controller), endpoint: { _, _ in endpoint },
            retryStrategy: RetryStrategy(maxAttempts: 2, random: { 0 }), timeout: .seconds(120), httpClient: .shared,
            logger: Logger(label: "kiln.test.aws"))
        let logger = Logger(label: "kiln.test.accounts") { _ in SwiftLogNoOpLogHandler() }
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: Self.owner, configuration: .init(tagSnapshotsOnCreateImage: false), logger: logger)
        var cycle = Cycle(
            source: GitManifestSource(location: repository), observer: CloudObserver(observer), executor: executor,
            configuration: Cycle.Configuration(
                owner: Self.owner, planner: PlannerConfiguration(snapshotGracePeriod: 0),
                guardrails: Self.policy.guardrails),
            clock: clock, logger: logger)
        let file = try externalIdFile(externalId, name: "external-id-\(externalId)")
        cycle.accounts = AccountAccess.make(
            roles: [AccountRole(account: Self.target, roleArn: Self.roleArn, externalIdFile: file)], home: client,
            owner: Self.owner, parameterPrefixes: ["/kiln/"], stsRegion: "us-east-1", logger: logger)
        return cycle
    }

    /// The target account's images (its own), as `[name: (id, tags)]`.
    func targetImages() async throws -> [String: (id: String, tags: [String: String])] {
        let output = try await inTarget(
            """
            import json
            images = client('ec2').describe_images(Owners=['self'])['Images']
            print(json.dumps({i['Name']: [i['ImageId'], {t['Key']: t['Value'] for t in i.get('Tags', [])}]
                              for i in images}))
            """)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [Any]] ?? [:]
        return parsed.compactMapValues { pair in
            guard let id = pair.first as? String, let tags = pair.last as? [String: String] else { return nil }
            return (id, tags)
        }
    }

    /// The image of the default version of the target account's launch template `name`.
    func targetTemplateImage(_ name: String) async throws -> String {
        try await inTarget(
            """
            ec2 = client('ec2')
            v = ec2.describe_launch_template_versions(LaunchTemplateName='\(name)', Versions=['$Default'])
            print(v['LaunchTemplateVersions'][0]['LaunchTemplateData'].get('ImageId', ''))
            """
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The manifest of the accounts tests: built in the home account, copied into the target account and rolled out to
/// a launch template there.
enum AccountManifests {
    static func image(version: String, copyTo: Bool = true) -> String {
        let copy =
            copyTo
            ? """
              distribute:
                copyTo: [{account: "\(AccountsWorld.target)", regions: [us-east-1]}]
              rollout:
                launchTemplates: [{name: web-b, account: "\(AccountsWorld.target)"}]
            """ : ""
        return """
            apiVersion: kiln/v1
            kind: Image
            metadata:
              name: web
            spec:
              version: \(version)
              source:
                filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
              build: {region: us-east-1, instanceType: t3.micro, instanceProfile: kiln-builder}
              provision:
                - {name: install, run: echo installing}
            \(copy)
              retention: {keep: 1, minAge: 1s}

            """
    }
}
