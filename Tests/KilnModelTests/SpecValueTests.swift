import Foundation
import KilnModel
import Testing

/// The spec values that manifests decode into and the planner plans over.
@Suite("Spec values")
struct SpecValueTests {
    @Test func aSingleAMIServesEveryRegionAndAMapOnlyItsOwn() {
        let single = AMIReference.single("ami-1")
        #expect(single["us-east-1"] == "ami-1")
        #expect(single.id(in: "eu-west-1") == "ami-1")
        let map: AMIReference = ["us-east-1": "ami-1", "eu-west-1": "ami-2"]
        #expect(map == .byRegion(["us-east-1": "ami-1", "eu-west-1": "ami-2"]))
        #expect(map["eu-west-1"] == "ami-2")
        #expect(map["ap-south-1"] == nil)
        #expect(ImageSource.ami(single) != .ami(["us-east-1": "ami-1"]), "the recipe tells the two forms apart")
    }

    @Test func filtersWithTheSameOwnersInAnotherOrderAreEqual() {
        let one = ImageFilter(name: "al2023-*", owners: ["amazon", "137112412989"], architecture: .arm64)
        let other = ImageFilter(name: "al2023-*", owners: ["137112412989", "amazon"], architecture: .arm64)
        #expect(one == other)
        #expect(Set([one, other]).count == 1)
        #expect(one.owners == ["137112412989", "amazon"])
        #expect(ImageFilter(name: "al2023-*", owners: ["amazon"]).architecture == .x86_64)
    }

    @Test func defaultsAreTheManifestDefaults() {
        #expect(Retention() == Retention(keep: 3, minAge: .days(7), pinned: [], deprecateAfter: nil))
        #expect(RootVolume() == RootVolume(sizeGiB: 16, type: .gp3, encrypted: true, kmsKey: nil))
        #expect(LaunchTemplateTarget(name: "web", region: "us-east-1").setDefault)
        #expect(InstanceRefresh(autoScalingGroup: "web").minHealthyPercentage == 90)
        #expect(Distribution() == Distribution(regions: [], accounts: []))
    }

    @Test func aZeroDurationReadsAsZeroSecondsButIsNotParsedFromText() {
        let zero = ManifestDuration(seconds: 0)
        #expect(zero.description == "0s")
        #expect(zero.timeInterval == 0)
        #expect(ManifestDuration("0s") == nil, "fields that allow zero say so where they are decoded")
        #expect(ManifestDuration.parseSeconds("0d0h") == 0)
        #expect(ManifestDuration.days(7).timeInterval == 604_800)
    }

    @Test func valuesRoundTripThroughJSON() throws {
        let source = ImageSource.filter(ImageFilter(name: "debian-12-*", owners: ["amazon"], architecture: .arm64))
        let retention = Retention(
            keep: 2, minAge: ManifestDuration(seconds: 0), pinned: [SemanticVersion(major: 1, minor: 3, patch: 0)])
        let data = try JSONEncoder().encode([source])
        #expect(try JSONDecoder().decode([ImageSource].self, from: data) == [source])
        let encoded = try JSONEncoder().encode(retention)
        #expect(try JSONDecoder().decode(Retention.self, from: encoded) == retention)
        #expect(try JSONEncoder().encode(VolumeType.io2) == Data(#""io2""#.utf8))
    }
}
