import Foundation

/// A listing moto answered whole, kept so that its later pages need no second answer.
struct CachedListing: Sendable {
    var body: String
    var set: String
    var response: String
}

// MARK: - DescribeImages / DescribeSnapshots pagination (moto ignores MaxResults and NextToken)

extension EC2Simulation {
    static let pageTokenPrefix = "kiln-proxy-page-"

    /// The item set and response element of the listings the proxy pages.
    static func pagedListing(_ action: String) -> (set: String, response: String)? {
        switch action {
        case "DescribeImages": ("imagesSet", "DescribeImagesResponse")
        case "DescribeSnapshots": ("snapshotSet", "DescribeSnapshotsResponse")
        default: nil
        }
    }

    /// The page a `NextToken` of the proxy's asks for, cut from the first page's whole answer, when the proxy
    /// still has it: moto then renders a large listing once, not once per page. The first page went to moto
    /// (signature and IAM checked) with the same parameters.
    mutating func cachedPage(_ call: ProxiedCall) -> ProxiedResponse? {
        guard Self.pagedListing(call.action) != nil, let token = call.parameters["NextToken"],
            let (listing, _) = Self.parseToken(token), let cached = listings[listing]
        else { return nil }
        let page = Self.paginate(cached.body, call, set: cached.set, response: cached.response, listing: listing)
        if !page.contains("<nextToken>") { listings[listing] = nil }
        var response = ProxiedResponse.xml(page)
        response.body = rewriteListed(response.body, call)
        return response
    }

    /// Cuts a forwarded listing to its first page (or the page a token asks for), keeping the whole answer for the
    /// pages after it.
    mutating func paginateForwarded(_ xml: String, _ call: ProxiedCall) -> String {
        guard let (set, response) = Self.pagedListing(call.action),
            let size = call.parameters["MaxResults"].flatMap({ Int($0) }), size > 0
        else { return xml }
        nextListing += 1
        let listing = nextListing
        let page = Self.paginate(xml, call, set: set, response: response, listing: listing)
        if page.contains("<nextToken>") { listings[listing] = CachedListing(body: xml, set: set, response: response) }
        return page
    }

    /// `(listing, offset)` of a token the proxy made.
    static func parseToken(_ token: String) -> (Int, Int)? {
        guard token.hasPrefix(pageTokenPrefix) else { return nil }
        let parts = token.dropFirst(pageTokenPrefix.count).split(separator: "-")
        guard parts.count == 2, let listing = Int(parts[0]), let offset = Int(parts[1]) else { return nil }
        return (listing, offset)
    }

    /// Cuts a whole answer (the items of `set`) to the page that `MaxResults` and `NextToken` ask for, adding
    /// `<nextToken>` before `</response>` when more items follow.
    static func paginate(_ xml: String, _ call: ProxiedCall, set: String, response: String, listing: Int) -> String {
        guard let size = call.parameters["MaxResults"].flatMap({ Int($0) }), size > 0 else { return xml }
        let offset = call.parameters["NextToken"].flatMap(parseToken)?.1 ?? 0
        var index = 0
        let page = ProxyXML.rewriteItems(in: xml, set: set) { _ in
            defer { index += 1 }
            return (offset..<(offset + size)).contains(index) ? nil : ""
        }
        guard index > offset + size, let end = page.range(of: "</\(response)>") else { return page }
        let next = "<nextToken>\(pageTokenPrefix)\(listing)-\(offset + size)</nextToken>"
        return page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: next)
    }
}
