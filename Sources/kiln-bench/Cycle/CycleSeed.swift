import Foundation

/// Seeds moto with the steady state of a `CycleWorld` spec, in bulk, straight to moto (not through the proxy).
///
/// The same world as `deploy/bench/seed_cycle_world.py`, made with fewer calls so that 1,000 images seed in
/// minutes: snapshots are found with one `DescribeImages` per region instead of one per AMI, and calls run on a
/// few threads.
enum CycleSeed {
    static func seed(endpoint: URL, spec: URL, scratch: String) async throws {
        try Data(script.utf8).write(to: URL(fileURLWithPath: scratch))
        _ = try await WorldCopy.run(scratch, [endpoint.absoluteString, spec.path])
    }

    static let script = #"""
        import json
        import sys
        from concurrent.futures import ThreadPoolExecutor

        import boto3
        from botocore.config import Config


        def client(endpoint, service, region):
            return boto3.client(
                service, endpoint_url=endpoint, region_name=region, config=Config(max_pool_connections=16),
                aws_access_key_id="testing", aws_secret_access_key="testing")


        def tag_list(tags):
            return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


        def main():
            endpoint = sys.argv[1]
            with open(sys.argv[2]) as f:
                spec = json.load(f)
            made = 0
            for region in spec["regions"]:
                ec2 = client(endpoint, "ec2", region)
                ssm = client(endpoint, "ssm", region)
                source = ec2.run_instances(ImageId=spec["sourceAMI"][region], MinCount=1, MaxCount=1)
                builder = source["Instances"][0]["InstanceId"]

                def bake(image):
                    amis = []
                    for version in image["versions"]:
                        ami = ec2.create_image(
                            InstanceId=builder, Name=version["name"], NoReboot=True,
                            TagSpecifications=[{"ResourceType": "image", "Tags": tag_list(version["tags"])}])["ImageId"]
                        amis.append((ami, version["tags"]))
                    if image.get("launchTemplate") and region == image["buildRegion"]:
                        ec2.create_launch_template(
                            LaunchTemplateName=image["launchTemplate"],
                            LaunchTemplateData={"ImageId": amis[-1][0], "InstanceType": "t3.small"})
                    if image.get("parameter"):
                        ssm.put_parameter(Name=image["parameter"], Value=amis[-1][0], Type="String", Overwrite=True)
                    return amis

                with ThreadPoolExecutor(max_workers=4) as pool:
                    made_amis = [ami for amis in pool.map(bake, spec["images"]) for ami in amis]
                made += len(made_amis)
                snapshots = {}
                for image in ec2.describe_images(Owners=["self"])["Images"]:
                    snapshots[image["ImageId"]] = [
                        m["Ebs"]["SnapshotId"] for m in image.get("BlockDeviceMappings", [])
                        if "SnapshotId" in m.get("Ebs", {})]

                def tag(item):
                    ami, tags = item
                    if snapshots.get(ami):
                        ec2.create_tags(Resources=snapshots[ami], Tags=tag_list(tags))

                with ThreadPoolExecutor(max_workers=4) as pool:
                    list(pool.map(tag, made_amis))
                ec2.terminate_instances(InstanceIds=[builder])
            print(made)


        if __name__ == "__main__":
            main()
        """#
}
