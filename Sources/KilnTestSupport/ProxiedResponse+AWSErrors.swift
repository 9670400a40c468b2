import Foundation

extension ProxiedResponse {
    /// An AWS error in the envelope of `call`'s protocol: EC2 `<Response><Errors>`, query `<ErrorResponse>`,
    /// or JSON `{"__type": ...}`.
    public static func awsError(
        for call: ProxiedCall,
        status: Int = 400,
        code: String,
        message: String,
        sender: Bool = true
    ) -> ProxiedResponse {
        let requestID = UUID().uuidString.lowercased()
        switch call.wireProtocol {
        case .ec2Query:
            return .xml(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>\(ProxyXML.escape(code))</Code>\
                <Message>\(ProxyXML.escape(message))</Message></Error></Errors>\
                <RequestID>\(requestID)</RequestID></Response>
                """, status: status)
        case .json10, .json11:
            let type = call.wireProtocol == .json10 ? "com.amazonaws.dynamodb.v20120810#\(code)" : code
            var response = ProxiedResponse.json(
                object: ["__type": type, "message": message], status: status, wireProtocol: call.wireProtocol)
            response.headers.add(name: "x-amzn-RequestId", value: requestID)
            return response
        case .query, .other:
            let namespace = xmlNamespaces[call.service].map { " xmlns=\"\($0)\"" } ?? ""
            return .xml(
                """
                <ErrorResponse\(namespace)><Error><Type>\(sender ? "Sender" : "Receiver")</Type>\
                <Code>\(ProxyXML.escape(code))</Code><Message>\(ProxyXML.escape(message))</Message></Error>\
                <RequestId>\(requestID)</RequestId></ErrorResponse>
                """, status: status)
        }
    }

    /// The throttling error each service really sends: EC2 `RequestLimitExceeded`, query `Throttling`,
    /// JSON `ThrottlingException`; all HTTP 400.
    public static func throttling(for call: ProxiedCall) -> ProxiedResponse {
        switch call.wireProtocol {
        case .ec2Query:
            return awsError(for: call, code: "RequestLimitExceeded", message: "Request limit exceeded.")
        case .json10, .json11:
            return awsError(for: call, code: "ThrottlingException", message: "Rate exceeded")
        case .query, .other:
            return awsError(for: call, code: "Throttling", message: "Rate exceeded")
        }
    }

    /// XML namespaces of the query-protocol services (botocore's `metadata.xmlNamespace`).
    static let xmlNamespaces: [String: String] = [
        "ec2": "http://ec2.amazonaws.com/doc/2016-11-15/",
        "autoscaling": "http://autoscaling.amazonaws.com/doc/2011-01-01/",
        "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
        "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
    ]
}
