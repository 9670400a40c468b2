#!/usr/bin/env python3
"""Seeds moto, in bulk, with the steady state of N Kiln images: `seed_cycle_world.py ENDPOINT SPEC_JSON`.

For every image of the spec (written by `kiln-bench`): its versions in each region as AMIs carrying Kiln's tags
(their snapshots tagged too), the launch template of its rollout with the newest version as the default, and
its SSM parameter holding the newest AMI of each region. Calls go straight to moto (not through the counting
proxy).
Prints the number of AMIs made.
"""
import json
import sys

import boto3


def client(endpoint, service, region):
    return boto3.client(
        service, endpoint_url=endpoint, region_name=region,
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
        for image in spec["images"]:
            newest = None
            for version in image["versions"]:
                ami = ec2.create_image(
                    InstanceId=builder, Name=version["name"], NoReboot=True,
                    TagSpecifications=[{"ResourceType": "image", "Tags": tag_list(version["tags"])}])["ImageId"]
                made += 1
                mappings = ec2.describe_images(ImageIds=[ami])["Images"][0].get("BlockDeviceMappings", [])
                snapshots = [m["Ebs"]["SnapshotId"] for m in mappings if "SnapshotId" in m.get("Ebs", {})]
                if snapshots:
                    ec2.create_tags(Resources=snapshots, Tags=tag_list(version["tags"]))
                newest = ami
            if image.get("launchTemplate") and region == image["buildRegion"]:
                ec2.create_launch_template(
                    LaunchTemplateName=image["launchTemplate"],
                    LaunchTemplateData={"ImageId": newest, "InstanceType": "t3.small"})
            if image.get("parameter"):
                ssm.put_parameter(Name=image["parameter"], Value=newest, Type="String", Overwrite=True)
        ec2.terminate_instances(InstanceIds=[builder])
    print(made)


if __name__ == "__main__":
    main()
