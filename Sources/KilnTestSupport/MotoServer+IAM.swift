import Foundation

/// An IAM access key created on moto for tests; its description never shows the secret.
public struct MotoAccessKey: Sendable, CustomStringConvertible {
    public var userName: String
    public var accessKeyId: String
    public var secretAccessKey: String

    public var description: String { "MotoAccessKey(user: \(userName), accessKeyId: \(accessKeyId))" }
}

extension MotoServer {
    /// A policy document allowing every action on every resource.
    public static let allowAllPolicy = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        """

    /// `policy` as moto can evaluate it: every statement's `Resource` widened to `*`, actions and conditions kept.
    ///
    /// moto authorises EC2, Auto Scaling, SSM and DynamoDB calls against the resource `*` (it determines a
    /// resource for IAM, STS and SQS only), so a statement scoped by ARN never matches there; it ignores
    /// `Condition` blocks (no condition context reaches its evaluator). What it proves is the set of actions;
    /// resources and conditions are checked statically.
    public static func evaluablePolicy(_ policy: String) throws -> String {
        guard var document = try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = document["Statement"] as? [[String: Any]]
        else { throw HarnessError.badResponse("not an IAM policy document") }
        document["Statement"] = statements.map { statement -> [String: Any] in
            var widened = statement
            widened["Resource"] = "*"
            return widened
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Creates an IAM user with an inline policy and an access key, using boto3 in a `python3` subprocess.
    ///
    /// Makes three AWS calls (CreateUser, PutUserPolicy, CreateAccessKey), each consuming one of the
    /// server's `initialNoAuthActionCount` unauthenticated calls: call it before auth is enforced, e.g.
    /// start with `initialNoAuthActionCount: 3` and create one user.
    public func createIAMUser(
        name: String = "kiln-test",
        policy: String = MotoServer.allowAllPolicy,
        policyName: String = "kiln-test-policy"
    ) async throws -> MotoAccessKey {
        let output = try await ProcessRunner.run(
            "python3", ["-c", Self.createUserScript],
            environment: [
                "KILN_MOTO_ENDPOINT": endpoint.absoluteString,
                "KILN_IAM_USER": name,
                "KILN_IAM_POLICY_NAME": policyName,
                "KILN_IAM_POLICY": policy,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        guard output.status == 0 else {
            let tail = output.stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw HarnessError.processFailed("creating IAM user \(name) exited \(output.status): \(tail)")
        }
        let fields = output.stdout.split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
        guard fields.count == 2 else {
            throw HarnessError.badResponse("creating IAM user \(name) printed no access key")
        }
        return MotoAccessKey(userName: name, accessKeyId: fields[0], secretAccessKey: fields[1])
    }

    private static let createUserScript = """
        import os, boto3
        iam = boto3.client("iam", endpoint_url=os.environ["KILN_MOTO_ENDPOINT"], region_name="us-east-1")
        user = os.environ["KILN_IAM_USER"]
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName=os.environ["KILN_IAM_POLICY_NAME"],
                            PolicyDocument=os.environ["KILN_IAM_POLICY"])
        key = iam.create_access_key(UserName=user)["AccessKey"]
        print(key["AccessKeyId"], key["SecretAccessKey"])
        """
}
